import { parseJson, parseWith } from "@/lib/api/body";
import { json, withProject } from "@/lib/api/with-auth";
import { deleteModelSetting } from "@/lib/model-settings/delete-model-setting";
import { putModelSetting } from "@/lib/model-settings/put-model-setting";
import { putModelSettingBody, roleParams } from "@/lib/schemas/model-settings";

// PUT /v1/model-settings/{role} — set the provider (or platform vendor) and model of a role
export const PUT = withProject(
  async (ctx) => {
    const { role } = parseWith(roleParams, ctx.params);
    return putModelSetting(ctx, role, await parseJson(ctx.req, putModelSettingBody));
  },
  { action: "model_settings.manage" },
);

// DELETE /v1/model-settings/{role} — remove a role's setting (it falls back to `default`)
export const DELETE = withProject(
  async (ctx) => {
    await deleteModelSetting(ctx, parseWith(roleParams, ctx.params).role);
    return json(null, 204);
  },
  { action: "model_settings.manage" },
);
