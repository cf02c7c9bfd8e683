import { modelSettingListResponse, modelSettingResponse, putModelSettingBody, roleParams } from "@/lib/schemas/model-settings";
import { deleteModelSetting as remove } from "@/lib/model-settings/delete-model-setting";
import { listModelSettings as list } from "@/lib/model-settings/list-model-settings";
import { putModelSetting as put } from "@/lib/model-settings/put-model-setting";
import { defineResource } from "./define";

export const modelSettings = defineResource({ tags: ["Model settings"], auth: "project", components: { ModelSetting: modelSettingResponse } }, (op) => ({
  listModelSettings: op({
    route: "GET /v1/model-settings",
    summary: "The project's model per role",
    action: "project.read",
    responses: { 200: { description: "Settings by role", schema: modelSettingListResponse } },
    handler: async (ctx) => list(ctx.workspace.id, ctx.project.id),
  }),

  putModelSetting: op({
    route: "PUT /v1/model-settings/{role}",
    summary: "Set the model of a role",
    description: "Give `providerId` (a workspace provider) or `vendor` (the platform key; the model must then be in the catalog).",
    action: "model_settings.manage",
    params: roleParams,
    body: putModelSettingBody,
    responses: { 200: { description: "The setting", schema: (c) => c.ModelSetting } },
    handler: async (ctx, { params, body }) => put(ctx, params.role, body),
  }),

  deleteModelSetting: op({
    route: "DELETE /v1/model-settings/{role}",
    summary: "Remove a role's setting (calls fall back to `default`)",
    action: "model_settings.manage",
    params: roleParams,
    responses: { 204: { description: "Removed" } },
    handler: async (ctx, { params }) => remove(ctx, params.role),
  }),
}));
