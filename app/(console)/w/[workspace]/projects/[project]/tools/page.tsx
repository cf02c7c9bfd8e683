import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { ToolsList } from "@/components/console/tools/tools-list";
import { PageHeader } from "@/components/console/page-header";
import { ProjectBreadcrumb } from "@/components/console/project-section-nav";
import { listTools } from "@/lib/tools/list-tools";
import { loadProject } from "../../../../../_lib/load-project";

export const metadata: Metadata = { title: "Tools" };

type Props = { params: Promise<{ workspace: string; project: string }> };

export default async function ToolsPage({ params }: Props) {
  const { workspace: wsSlug, project: projectSlug } = await params;
  const { workspace, project, can } = await loadProject(wsSlug, projectSlug);
  if (!can("tool.read", project.role)) notFound();
  const initial = await listTools({ workspace, project }, { limit: 200 });
  return (
    <>
      <ProjectBreadcrumb workspace={workspace.slug} project={project} current="Tools" />
      <PageHeader
        title="Tools"
        description="Upstream APIs your agents call through the gateway: each call is checked against the tool's capabilities and the agent's policies, and the credential is injected there, never given to the agent."
      />
      <ToolsList project={project.slug} initial={initial} canManage={can("tool.manage", project.role)} />
    </>
  );
}
