import type { ActingScope } from "@/lib/core/scope";
import { recordScopedAudit } from "@/lib/audit/record";
import { db } from "@/lib/db/client";
import { notifyGateway } from "@/lib/db/notify-gateway";
import { getToolOrThrow } from "../find-tool";
import { getToolPolicyOrThrow } from "./find-policy";
import { policyAuditView } from "./present";

/** Removes a binding; with none left that matches, the agent's calls to the tool are denied. */
export async function deleteToolPolicy(scope: ActingScope, toolIdOrName: string, policyId: string): Promise<void> {
  const tool = await getToolOrThrow(scope, toolIdOrName);
  const row = await getToolPolicyOrThrow(scope, tool.id, policyId);
  await db.$transaction(async (tx) => {
    await tx.toolPolicy.delete({ where: { id: row.id } });
    await notifyGateway(tx, { kind: "tools", projectId: scope.project.id });
    await recordScopedAudit(scope, { action: "tool_policy.delete", target: { type: "tool_policy", id: row.id }, before: policyAuditView(row) }, tx);
  });
}
