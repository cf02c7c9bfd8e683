import type { ActingScope } from "@/lib/core/scope";
import { tenantWhere } from "@/lib/core/scope";
import { newId } from "@/lib/core/ids";
import { actorUserId, recordScopedAudit } from "@/lib/audit/record";
import { db } from "@/lib/db/client";
import { notifyGateway } from "@/lib/db/notify-gateway";
import type { Prisma } from "@/lib/generated/prisma/client";
import type { CreateToolPolicyBody, ToolPolicyDto } from "@/lib/schemas/tools";
import { getToolOrThrow } from "../find-tool";
import { checkPolicySettings, policyData } from "./check-policy";
import { policyAuditView, policyInclude, presentToolPolicy } from "./present";

/** Binds an agent to a tool: what it may do there (allow, approval_required, deny). */
export async function createToolPolicy(scope: ActingScope, toolIdOrName: string, input: CreateToolPolicyBody): Promise<ToolPolicyDto> {
  const tool = await getToolOrThrow(scope, toolIdOrName);
  const { agentId } = await checkPolicySettings(scope, input);
  const id = newId("toolPolicy");
  return db.$transaction(async (tx) => {
    const data = { id, ...tenantWhere(scope), toolId: tool.id, agentId: agentId!, ...policyData(input), effect: input.effect, createdById: actorUserId(scope.actor) } as Prisma.ToolPolicyUncheckedCreateInput;
    const row = await tx.toolPolicy.create({ data, include: policyInclude });
    await notifyGateway(tx, { kind: "tools", projectId: scope.project.id });
    await recordScopedAudit(scope, { action: "tool_policy.create", target: { type: "tool_policy", id }, after: policyAuditView(row) }, tx);
    return presentToolPolicy(row);
  });
}
