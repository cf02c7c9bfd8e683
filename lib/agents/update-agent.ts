import type { ActingScope } from "@/lib/core/scope";
import { recordScopedAudit } from "@/lib/audit/record";
import { db } from "@/lib/db/client";
import type { AgentDto, UpdateAgentBody } from "@/lib/schemas/agents";
import { agentData, checkAgentSettings } from "./check-agent";
import { getAgentOrThrow, isUniqueViolation, slugTaken } from "./find-agent";
import { notifyGateway } from "@/lib/db/notify-gateway";
import { auditView, presentAgent } from "./present";

/** Changes the fields given; `identityProvider` and the lists are replaced as a whole. */
export async function updateAgent(scope: ActingScope, idOrSlug: string, input: UpdateAgentBody): Promise<AgentDto> {
  const before = await getAgentOrThrow(scope, idOrSlug);
  await checkAgentSettings(scope, input);
  try {
    return await db.$transaction(async (tx) => {
      const row = await tx.agent.update({ where: { id: before.id }, data: agentData(input) });
      await notifyGateway(tx, { kind: "agent", agentId: row.id });
      await recordScopedAudit(scope, { action: "agent.update", target: { type: "agent", id: row.id }, before: auditView(before), after: auditView(row) }, tx);
      return presentAgent(row);
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw slugTaken();
    throw err;
  }
}
