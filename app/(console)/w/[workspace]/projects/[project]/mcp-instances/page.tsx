import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { InstancesList } from "@/components/console/mcp-instances/instances-list";
import { PageHeader } from "@/components/console/page-header";
import { ProjectBreadcrumb } from "@/components/console/project-section-nav";
import { listMcpInstances } from "@/lib/mcp-instances/list-instances";
import { loadProject } from "../../../../../_lib/load-project";

export const metadata: Metadata = { title: "MCP instances" };

type Props = { params: Promise<{ workspace: string; project: string }> };

export default async function McpInstancesPage({ params }: Props) {
  const { workspace: wsSlug, project: projectSlug } = await params;
  const { workspace, project, can } = await loadProject(wsSlug, projectSlug);
  if (!can("mcp_instance.read", project.role)) notFound();
  const initial = await listMcpInstances({ workspace, project }, { limit: 200 });
  return (
    <>
      <ProjectBreadcrumb workspace={workspace.slug} project={project} current="MCP instances" />
      <PageHeader
        title="MCP instances"
        description="Remote MCP servers bound to this project's connections. Sync to list their tools, choose what each tool may do, and call them from workflow steps."
      />
      <InstancesList project={project.slug} initial={initial} canManage={can("mcp_instance.manage", project.role)} />
    </>
  );
}
