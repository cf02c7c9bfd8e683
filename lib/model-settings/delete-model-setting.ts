import { notifyGateway } from "@/lib/db/notify-gateway";
import { db } from "@/lib/db/client";
import { recordScopedAudit } from "@/lib/audit/record";
import { notFound } from "@/lib/core/errors";
import type { WorkspaceScope } from "@/lib/core/scope";

/** Removes a role's setting; calls for that role fall back to `default`. */
export async function deleteModelSetting(scope: WorkspaceScope & { project: { id: string } }, role: string): Promise<void> {
  const workspaceId = scope.workspace.id;
  const projectId = scope.project.id;
  await db.$transaction(async (tx) => {
    const before = await tx.modelSetting.findFirst({ where: { workspaceId, projectId, role } });
    if (!before) throw notFound("Model setting");
    await tx.modelSetting.delete({ where: { id: before.id } });
    await notifyGateway(tx, { kind: "project", projectId: scope.project.id });
    await recordScopedAudit(scope, { action: "model_setting.delete", target: { type: "model_setting", id: role }, before: { providerId: before.providerId, model: before.model, temperature: before.temperature, maxTokens: before.maxTokens }, after: null }, tx);
  });
}
