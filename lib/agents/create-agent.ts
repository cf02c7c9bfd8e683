import type { ActingScope } from "@/lib/core/scope";
import { tenantWhere } from "@/lib/core/scope";
import { newId } from "@/lib/core/ids";
import { actorUserId, recordScopedAudit } from "@/lib/audit/record";
import { db } from "@/lib/db/client";
import type { Prisma } from "@/lib/generated/prisma/client";
import type { CreateAgentBody, CreatedAgentDto } from "@/lib/schemas/agents";
import { agentData, checkAgentSettings } from "./check-agent";
import { isUniqueViolation, slugTaken } from "./find-agent";
import { writeAgentToken } from "./issue-agent-token";
import { notifyGateway } from "@/lib/db/notify-gateway";
import { auditView, presentAgent, tokenAuditView } from "./present";

/** Registers an agent with its first token, whose value is returned this once. */
export async function createAgent(scope: ActingScope, input: CreateAgentBody): Promise<CreatedAgentDto> {
  await checkAgentSettings(scope, input);
  if (await db.agent.findFirst({ where: { ...tenantWhere(scope), slug: input.slug }, select: { id: true } })) throw slugTaken();
  const id = newId("agent");
  const createdById = actorUserId(scope.actor);
  try {
    return await db.$transaction(async (tx) => {
      const data = { id, ...tenantWhere(scope), ...agentData(input), slug: input.slug, name: input.name, endpointUrl: input.endpointUrl, createdById } as Prisma.AgentUncheckedCreateInput;
      const row = await tx.agent.create({ data });
      const token = await writeAgentToken(tx, row, { name: "default", expiresAt: null, createdById });
      await notifyGateway(tx, { kind: "agent", agentId: id });
      await recordScopedAudit(scope, { action: "agent.create", target: { type: "agent", id }, after: { ...auditView(row), token: { id: token.id, ...tokenAuditView(token) } } }, tx);
      return { agent: presentAgent(row), token };
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw slugTaken();
    throw err;
  }
}
