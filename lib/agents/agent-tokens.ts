import type { ActingScope, TenantRef } from "@/lib/core/scope";
import { cursorWhere, pageArgs, toPage, type PageQuery } from "@/lib/core/pagination";
import { notFound } from "@/lib/core/errors";
import { recordScopedAudit } from "@/lib/audit/record";
import { db } from "@/lib/db/client";
import type { AgentTokenDto } from "@/lib/schemas/agents";
import { getAgentOrThrow } from "./find-agent";
import { notifyGateway } from "@/lib/db/notify-gateway";
import { agentTokenSelect, presentAgentToken, tokenAuditView } from "./present";

/** The agent's tokens, revoked and expired ones included, newest first; never a hash. */
export async function listAgentTokens(scope: TenantRef, idOrSlug: string, q: PageQuery): Promise<{ data: AgentTokenDto[]; nextCursor: string | null }> {
  const agent = await getAgentOrThrow(scope, idOrSlug);
  const rows = await db.agentToken.findMany({ where: { agentId: agent.id, ...cursorWhere(q) }, select: agentTokenSelect, ...pageArgs(q) });
  const page = toPage(rows, q);
  return { data: page.data.map(presentAgentToken), nextCursor: page.nextCursor };
}

/**
 * Revokes one token of the agent; the gateway drops it from its cache at commit, so the next
 * call with it is a 401. Revoking twice is harmless and audited once.
 */
export async function revokeAgentToken(scope: ActingScope, idOrSlug: string, tokenId: string): Promise<AgentTokenDto> {
  const agent = await getAgentOrThrow(scope, idOrSlug);
  return db.$transaction(async (tx) => {
    const row = await tx.agentToken.findFirst({ where: { id: tokenId, agentId: agent.id }, select: agentTokenSelect });
    if (!row) throw notFound("Agent token");
    if (row.revokedAt) return presentAgentToken(row);
    const revokedAt = new Date();
    // Conditional: of two concurrent revocations, one writes and audits.
    const { count } = await tx.agentToken.updateMany({ where: { id: row.id, revokedAt: null }, data: { revokedAt } });
    if (count === 0) return presentAgentToken((await tx.agentToken.findUniqueOrThrow({ where: { id: row.id }, select: agentTokenSelect })));
    const before = presentAgentToken(row);
    const after = presentAgentToken({ ...row, revokedAt });
    await notifyGateway(tx, { kind: "agent", agentId: agent.id });
    await recordScopedAudit(
      scope,
      { action: "agent.token_revoke", target: { type: "agent_token", id: row.id }, before: tokenAuditView(before), after: tokenAuditView(after), metadata: { agentId: agent.id, agentSlug: agent.slug } },
      tx,
    );
    return after;
  });
}
