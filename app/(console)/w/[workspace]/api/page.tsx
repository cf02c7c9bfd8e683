import { FileJson } from "lucide-react";
import type { Metadata } from "next";
import { ApiReference } from "@/components/api-reference/api-reference";
import type { OpenApiDocument } from "@/components/api-reference/types";
import { PageHeader } from "@/components/console/page-header";
import { Button } from "@/components/ui/button";
import { openApiDocument } from "@/lib/operations/openapi";
import { loadWorkspace, type WorkspacePageProps } from "../../../_lib/load-workspace";

export const metadata: Metadata = { title: "API reference" };

export default async function ApiReferencePage({ params }: WorkspacePageProps) {
  await loadWorkspace((await params).workspace);
  // The same document /v1/openapi.json serves, built in-process rather than fetched.
  const doc = openApiDocument() as unknown as OpenApiDocument;
  const count = Object.values(doc.paths ?? {}).reduce((n, item) => n + Object.keys(item).filter((k) => k !== "parameters").length, 0);
  return (
    <>
      <PageHeader
        title="API reference"
        description={`${doc.info?.title ?? "API"} ${doc.info?.version ? `v${doc.info.version}` : ""} · ${count} operations`}
        actions={
          <Button asChild variant="outline" size="sm">
            <a href="/v1/openapi.json" target="_blank" rel="noreferrer">
              <FileJson className="size-4" aria-hidden /> openapi.json
            </a>
          </Button>
        }
      />
      <ApiReference doc={doc} />
    </>
  );
}
