import { modelSettingListResponse, modelSettingResponse, putModelSettingBody, roleParams } from "@/lib/schemas/model-settings";
import { registerOperation, type ApiRegistry } from "../registry";

export function registerModelSettingOperations(r: ApiRegistry): void {
  const tags = ["Model settings"];
  const Setting = r.schema("ModelSetting", modelSettingResponse);
  registerOperation(r, {
    method: "get",
    path: "/v1/model-settings",
    operationId: "listModelSettings",
    summary: "The project's model per role",
    tags,
    auth: "project",
    action: "project.read",
    responses: { 200: { description: "Settings by role", schema: modelSettingListResponse } },
  });
  registerOperation(r, {
    method: "put",
    path: "/v1/model-settings/{role}",
    operationId: "putModelSetting",
    summary: "Set the model of a role",
    description: "Give `providerId` (a workspace provider) or `vendor` (the platform key; the model must then be in the catalog).",
    tags,
    auth: "project",
    action: "model_settings.manage",
    params: roleParams,
    body: putModelSettingBody,
    responses: { 200: { description: "The setting", schema: Setting } },
  });
  registerOperation(r, {
    method: "delete",
    path: "/v1/model-settings/{role}",
    operationId: "deleteModelSetting",
    summary: "Remove a role's setting (calls fall back to `default`)",
    tags,
    auth: "project",
    action: "model_settings.manage",
    params: roleParams,
    responses: { 204: { description: "Removed" } },
  });
}
