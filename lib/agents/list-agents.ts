import type { TenantRef } from "@/lib/core/scope";
import { tenantWhere } from "@/lib/core/scope";
import { cursorWhere, pageArgs, toPage, type PageQuery } from "@/lib/core/pagination";
import { db } from "@/lib/db/client";
import type { AgentDto } from "@/lib/schemas/agents";
import { getAgentOrThrow } from "./find-agent";
import { presentAgent } from "./present";

/** The project's agents, newest first. */
export async function listAgents(scope: TenantRef, q: PageQuery): Promise<{ data: AgentDto[]; nextCursor: string | null }> {
  const rows = await db.agent.findMany({ where: { ...tenantWhere(scope), ...cursorWhere(q) }, ...pageArgs(q) });
  const page = toPage(rows, q);
  return { data: page.data.map(presentAgent), nextCursor: page.nextCursor };
}

/** One agent, by id or slug. */
export async function getAgent(scope: TenantRef, idOrSlug: string): Promise<AgentDto> {
  return presentAgent(await getAgentOrThrow(scope, idOrSlug));
}
