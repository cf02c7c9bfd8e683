import { ChevronRight } from "lucide-react";
import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { AgentDetail } from "@/components/console/agents/agent-detail";
import { listAgentTokens } from "@/lib/agents/agent-tokens";
import { getAgent } from "@/lib/agents/list-agents";
import { getAgentRuntime } from "@/lib/agents/runtime-bundle";
import { loadProject } from "../../../../../../_lib/load-project";
import { orNotFound } from "../../../../../../_lib/or-not-found";

export const metadata: Metadata = { title: "Agent" };

type Props = { params: Promise<{ workspace: string; project: string; id: string }> };

export default async function AgentPage({ params }: Props) {
  const { workspace: wsSlug, project: projectSlug, id } = await params;
  const { workspace, project, can } = await loadProject(wsSlug, projectSlug);
  if (!can("agent.read", project.role)) notFound();
  const scope = { workspace, project };
  const agent = await orNotFound(getAgent(scope, id));
  const [tokens, runtime] = await Promise.all([listAgentTokens(scope, agent.id, { limit: 200 }), getAgentRuntime(scope, agent.id)]);
  return (
    <>
      <nav aria-label="Breadcrumb" className="mb-2 flex items-center gap-1 text-sm text-muted-foreground">
        <Link href={`/w/${workspace.slug}/projects/${project.slug}`} className="hover:text-foreground">
          {project.name}
        </Link>
        <ChevronRight className="size-3.5" aria-hidden />
        <Link href={`/w/${workspace.slug}/projects/${project.slug}/agents`} className="hover:text-foreground">
          Agents
        </Link>
        <ChevronRight className="size-3.5" aria-hidden />
        <span className="truncate text-foreground">{agent.name}</span>
      </nav>
      <AgentDetail
        project={project.slug}
        initialAgent={agent}
        initialTokens={tokens}
        initialRuntime={runtime}
        canManage={can("agent.manage", project.role)}
        canTry={can("agent.try", project.role)}
      />
    </>
  );
}
