import { routeOf } from "@/lib/operations/route";
import { modelSettings } from "@/lib/operations/model-settings";

// PUT /v1/model-settings/{role} — set the provider (or platform vendor) and model of a role
export const PUT = routeOf(modelSettings.putModelSetting);

// DELETE /v1/model-settings/{role} — remove a role's setting (it falls back to `default`)
export const DELETE = routeOf(modelSettings.deleteModelSetting);
