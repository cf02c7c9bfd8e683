import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { PageHeader } from "@/components/console/page-header";
import { ProvidersList } from "@/components/console/providers/providers-list";
import { listProviders } from "@/lib/providers/list-providers";
import { loadWorkspace, type WorkspacePageProps } from "../../../_lib/load-workspace";

export const metadata: Metadata = { title: "LLM providers" };

export default async function ProvidersPage({ params }: WorkspacePageProps) {
  const { workspace: slug } = await params;
  const { workspace, can } = await loadWorkspace(slug);
  if (!can("provider.read")) notFound();
  return (
    <>
      <PageHeader title="LLM providers" description="Vendor keys this workspace's workflows and agents call models with. Keys are encrypted and never shown again." />
      <ProvidersList initial={await listProviders(workspace.id)} />
    </>
  );
}
