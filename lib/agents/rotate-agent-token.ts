import type { ActingScope } from "@/lib/core/scope";
import { actorUserId, recordScopedAudit } from "@/lib/audit/record";
import { db } from "@/lib/db/client";
import type { CreatedAgentTokenDto } from "@/lib/schemas/agents";
import { getAgentOrThrow } from "./find-agent";
import { writeAgentToken } from "./issue-agent-token";
import { notifyGateway } from "@/lib/db/notify-gateway";
import { tokenAuditView } from "./present";

/**
 * Revokes every live token of the agent (extra ones included) and issues one new token, in one
 * transaction: after a leak, one call leaves exactly one valid value, returned this once.
 */
export async function rotateAgentToken(scope: ActingScope, idOrSlug: string): Promise<CreatedAgentTokenDto> {
  const agent = await getAgentOrThrow(scope, idOrSlug);
  return db.$transaction(async (tx) => {
    const now = new Date();
    const revoked = await tx.agentToken.findMany({ where: { agentId: agent.id, revokedAt: null }, select: { id: true } });
    await tx.agentToken.updateMany({ where: { agentId: agent.id, revokedAt: null }, data: { revokedAt: now } });
    const created = await writeAgentToken(tx, agent, { name: "default", expiresAt: null, createdById: actorUserId(scope.actor) });
    await notifyGateway(tx, { kind: "agent", agentId: agent.id });
    await recordScopedAudit(
      scope,
      {
        action: "agent.token_rotate",
        target: { type: "agent", id: agent.id },
        before: { liveTokenIds: revoked.map((t) => t.id) },
        after: { token: { id: created.id, ...tokenAuditView(created) } },
        metadata: { revokedTokenIds: revoked.map((t) => t.id) },
      },
      tx,
    );
    return created;
  });
}
