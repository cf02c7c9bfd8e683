import type { ActingScope } from "@/lib/core/scope";
import { recordScopedAudit } from "@/lib/audit/record";
import { db } from "@/lib/db/client";
import { getAgentOrThrow } from "./find-agent";
import { notifyGateway } from "@/lib/db/notify-gateway";
import { auditView } from "./present";

/** Deletes an agent with its tokens (the next call with one is a 401) and its runs. */
export async function deleteAgent(scope: ActingScope, idOrSlug: string): Promise<void> {
  const row = await getAgentOrThrow(scope, idOrSlug);
  await db.$transaction(async (tx) => {
    await tx.agent.delete({ where: { id: row.id } });
    await notifyGateway(tx, { kind: "agent", agentId: row.id });
    await recordScopedAudit(scope, { action: "agent.delete", target: { type: "agent", id: row.id }, before: auditView(row) }, tx);
  });
}
