import { db } from "@/lib/db/client";
import { newId } from "@/lib/core/ids";
import { recordScopedAudit } from "@/lib/audit/record";
import { ApiError } from "@/lib/core/errors";
import { findCatalogModel } from "@/lib/llm/catalog";
import type { ModelSettingDto, PutModelSettingInput } from "@/lib/schemas/model-settings";
import type { WorkspaceScope } from "@/lib/core/scope";
import { notifyGateway } from "@/lib/db/notify-gateway";
import { presentSetting, settingSelect } from "./present";

const MAX_ROLES = 50;
const invalid = (path: string, message: string) => new ApiError("invalid_request", "The request is invalid", { details: [{ path, message }] });

/**
 * Sets the model of one role in a project. With `vendor` (platform key) the model must be in the
 * catalog: the platform meters its own key at catalog prices and cannot price an unknown model.
 */
export async function putModelSetting(scope: WorkspaceScope & { project: { id: string } }, role: string, input: PutModelSettingInput): Promise<ModelSettingDto> {
  const workspaceId = scope.workspace.id;
  const projectId = scope.project.id;
  return db.$transaction(async (tx) => {
    if (input.providerId) {
      const provider = await tx.llmProvider.findFirst({ where: { id: input.providerId, workspaceId }, select: { id: true } });
      if (!provider) throw invalid("providerId", "No such provider in this workspace");
    } else if (input.vendor && !findCatalogModel(input.vendor, input.model)) {
      throw invalid("model", `Not a ${input.vendor} model of the catalog (GET /v1/models); add a provider to use other models`);
    }
    await tx.$queryRaw`SELECT id FROM "Project" WHERE id = ${projectId} FOR UPDATE`;
    const before = await tx.modelSetting.findUnique({ where: { projectId_role: { projectId, role } }, select: settingSelect });
    if (!before && (await tx.modelSetting.count({ where: { projectId } })) >= MAX_ROLES) throw invalid("role", `A project can have at most ${MAX_ROLES} roles`);
    const data = { providerId: input.providerId ?? null, model: input.model, temperature: input.temperature ?? null, maxTokens: input.maxTokens ?? null };
    const row = await tx.modelSetting.upsert({
      where: { projectId_role: { projectId, role } },
      create: { id: newId("modelSetting"), workspaceId, projectId, role, ...data },
      update: data,
      select: settingSelect,
    });
    const view = (r: typeof row | null) => r && { providerId: r.providerId, model: r.model, temperature: r.temperature, maxTokens: r.maxTokens };
    await recordScopedAudit(scope, { action: "model_setting.update", target: { type: "model_setting", id: role }, before: view(before), after: view(row) }, tx);
    // Agents fall back to the project's roles: gateways drop the project's agents from cache.
    await notifyGateway(tx, { kind: "project", projectId });
    return presentSetting(row);
  });
}
