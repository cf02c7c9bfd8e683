import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { PageHeader } from "@/components/console/page-header";
import { ProjectBreadcrumb } from "@/components/console/project-section-nav";
import { WorkflowsList } from "@/components/console/workflows/workflows-list";
import { listStarterTemplates } from "@/lib/workflows/list-starter-templates";
import { listWorkflows } from "@/lib/workflows/list-workflows";
import { loadProject } from "../../../../../_lib/load-project";

export const metadata: Metadata = { title: "Workflows" };

type Props = { params: Promise<{ workspace: string; project: string }> };

export default async function WorkflowsPage({ params }: Props) {
  const { workspace: wsSlug, project: projectSlug } = await params;
  const { workspace, project, can } = await loadProject(wsSlug, projectSlug);
  if (!can("workflow.read", project.role)) notFound();
  const initial = await listWorkflows({ workspace, project }, { limit: 200 });
  return (
    <>
      <ProjectBreadcrumb workspace={workspace.slug} project={project} current="Workflows" />
      <PageHeader title="Workflows" description="Graphs of LLM calls, API requests, conditions and approvals. Edit the draft, publish numbered versions, run them." />
      <WorkflowsList project={project.slug} initial={initial} canCreate={can("workflow.write", project.role)} templates={listStarterTemplates().data} />
    </>
  );
}
