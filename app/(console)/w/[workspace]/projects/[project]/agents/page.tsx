import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { AgentsList } from "@/components/console/agents/agents-list";
import { PageHeader } from "@/components/console/page-header";
import { ProjectBreadcrumb } from "@/components/console/project-section-nav";
import { listAgents } from "@/lib/agents/list-agents";
import { loadProject } from "../../../../../_lib/load-project";

export const metadata: Metadata = { title: "Agents" };

type Props = { params: Promise<{ workspace: string; project: string }> };

export default async function AgentsPage({ params }: Props) {
  const { workspace: wsSlug, project: projectSlug } = await params;
  const { workspace, project, can } = await loadProject(wsSlug, projectSlug);
  if (!can("agent.read", project.role)) notFound();
  const initial = await listAgents({ workspace, project }, { limit: 200 });
  return (
    <>
      <ProjectBreadcrumb workspace={workspace.slug} project={project} current="Agents" />
      <PageHeader
        title="Agents"
        description="Your agents, fronted by the gateway: end users call them with a JWT their identity provider signed, and they reach models and tools with an agent token, never a credential."
      />
      <AgentsList project={project.slug} initial={initial} canManage={can("agent.manage", project.role)} />
    </>
  );
}
