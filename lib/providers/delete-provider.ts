import { notifyGateway } from "@/lib/db/notify-gateway";
import { db } from "@/lib/db/client";
import { recordScopedAudit } from "@/lib/audit/record";
import { ApiError } from "@/lib/core/errors";
import type { WorkspaceScope } from "@/lib/core/scope";
import { getProviderOrThrow } from "./get-provider";

/**
 * Deletes a provider and its sealed key. Refused while model settings or agents use it: deleting would
 * silently move those projects onto the platform key (and its billing).
 */
export async function deleteProvider(scope: WorkspaceScope, id: string): Promise<void> {
  const workspaceId = scope.workspace.id;
  await db.$transaction(async (tx) => {
    const before = await getProviderOrThrow(workspaceId, id, tx);
    const used = await tx.modelSetting.count({ where: { workspaceId, providerId: id } });
    if (used > 0) throw new ApiError("conflict", `This provider is used by ${used} model setting${used === 1 ? "" : "s"}; change or delete them first`);
    // Agents name providers in their models (JSON): the same refusal, for the same reason.
    const agents = await tx.agent.count({ where: { workspaceId, models: { array_contains: [{ providerId: id }] } } });
    if (agents > 0) throw new ApiError("conflict", `This provider is used by ${agents} agent${agents === 1 ? "" : "s"}; change their models first`);
    await tx.llmProvider.delete({ where: { id } });
    await notifyGateway(tx, { kind: "workspace", workspaceId });
    await recordScopedAudit(scope, { action: "provider.delete", target: { type: "llm_provider", id }, before: { name: before.name, vendor: before.vendor, baseUrl: before.baseUrl, keyHint: before.keyHint }, after: null }, tx);
  });
}
