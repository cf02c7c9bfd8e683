import type { ActingScope } from "@/lib/core/scope";
import { recordScopedAudit } from "@/lib/audit/record";
import { db } from "@/lib/db/client";
import { notifyGateway } from "@/lib/db/notify-gateway";
import type { ToolPolicyDto, UpdateToolPolicyBody } from "@/lib/schemas/tools";
import { getToolOrThrow } from "../find-tool";
import { checkPolicySettings, policyData } from "./check-policy";
import { getToolPolicyOrThrow } from "./find-policy";
import { policyAuditView, policyInclude, presentToolPolicy } from "./present";

/** Changes the fields given; the agent a binding is for does not change (delete and bind again). */
export async function updateToolPolicy(scope: ActingScope, toolIdOrName: string, policyId: string, input: UpdateToolPolicyBody): Promise<ToolPolicyDto> {
  const tool = await getToolOrThrow(scope, toolIdOrName);
  const before = await getToolPolicyOrThrow(scope, tool.id, policyId);
  await checkPolicySettings(scope, input);
  return db.$transaction(async (tx) => {
    const row = await tx.toolPolicy.update({ where: { id: before.id }, data: policyData(input), include: policyInclude });
    await notifyGateway(tx, { kind: "tools", projectId: scope.project.id });
    await recordScopedAudit(scope, { action: "tool_policy.update", target: { type: "tool_policy", id: row.id }, before: policyAuditView(before), after: policyAuditView(row) }, tx);
    return presentToolPolicy(row);
  });
}
