"use client";
import { useQuery } from "@tanstack/react-query";
import { Search, Workflow } from "lucide-react";
import Link from "next/link";
import { useDeferredValue, useState } from "react";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { EmptyState } from "@/components/ui/empty-state";
import { Input } from "@/components/ui/input";
import { Table, TableBody, TableCell, TableColumns, TableRow } from "@/components/ui/table";
import { TimeAgo } from "@/components/ui/time-ago";
import { errorMessage } from "@/lib/client/api";
import { useConsole } from "../console-context";
import { useProjectApi } from "../connections/use-project-api";
import type { WorkflowTemplateDto } from "@/lib/schemas/workflow-templates";
import { CreateWorkflowDialog } from "./create-workflow-dialog";
import { TemplateGallery, TemplateGalleryDialog } from "./template-gallery";
import type { Page, WorkflowSummary } from "./types";

type Props = { project: string; initial: Page<WorkflowSummary>; canCreate: boolean; templates: WorkflowTemplateDto[] };

export function WorkflowsList({ project, initial, canCreate, templates }: Props) {
  const { workspace } = useConsole();
  const call = useProjectApi(project);
  const [q, setQ] = useState("");
  const query = useDeferredValue(q.trim());
  const list = useQuery({
    queryKey: ["workflows", workspace.slug, project, query],
    queryFn: ({ signal }) => call<Page<WorkflowSummary>>("/v1/workflows", { query: { limit: 200, q: query }, signal }),
    initialData: query ? undefined : initial,
    placeholderData: (prev) => prev,
  });
  const rows = list.data?.data ?? [];
  const base = `/w/${workspace.slug}/projects/${project}/workflows`;

  return (
    <div className="grid gap-4">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <div className="relative w-full max-w-xs">
          <Search className="pointer-events-none absolute left-2.5 top-2.5 size-4 text-muted-foreground" aria-hidden />
          <Input aria-label="Search workflows" placeholder="Search by name or slug" value={q} onChange={(e) => setQ(e.target.value)} className="pl-8" />
        </div>
        {canCreate && (
          <div className="flex gap-2">
            {rows.length > 0 && <TemplateGalleryDialog project={project} templates={templates} />}
            <CreateWorkflowDialog project={project} />
          </div>
        )}
      </div>
      {list.isError && <Alert variant="destructive">{errorMessage(list.error)}</Alert>}
      {rows.length === 0 && !list.isFetching ? (
        <>
          <EmptyState
            icon={Workflow}
            title={query ? "No workflow matches" : "No workflows yet"}
            description={query ? "Try another name or slug." : canCreate ? "Start from a template below, or create a blank one and build it step by step in the visual editor." : "A contributor can create workflows in this project."}
          />
          {canCreate && !query && (
            <section aria-labelledby="templates-heading" className="grid gap-3">
              <h2 id="templates-heading" className="text-base font-semibold">
                Start from a template
              </h2>
              <TemplateGallery project={project} templates={templates} />
            </section>
          )}
        </>
      ) : (
        <Table aria-label="Workflows">
          <TableColumns columns={["Name", "Slug", "Latest version", { label: "Updated", className: "text-right" }]} />
          <TableBody>
            {rows.map((w) => (
              <TableRow key={w.id} data-testid={`workflow-${w.slug}`}>
                <TableCell>
                  <Link href={`${base}/${w.slug}`} className="font-medium hover:underline">
                    {w.name}
                  </Link>
                  {w.description && <p className="max-w-md truncate text-xs text-muted-foreground">{w.description}</p>}
                </TableCell>
                <TableCell className="font-mono text-xs">{w.slug}</TableCell>
                <TableCell>{w.latestVersion > 0 ? <Badge variant="secondary">v{w.latestVersion}</Badge> : <span className="text-xs text-muted-foreground">Draft only</span>}</TableCell>
                <TableCell className="text-right text-xs text-muted-foreground">
                  <TimeAgo value={w.updatedAt} />
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
    </div>
  );
}
