import { routeOf } from "@/lib/operations/route";
import { deleteModelSetting, putModelSetting } from "@/lib/operations/model-settings";

// PUT /v1/model-settings/{role} — set the provider (or platform vendor) and model of a role
export const PUT = routeOf(putModelSetting);

// DELETE /v1/model-settings/{role} — remove a role's setting (it falls back to `default`)
export const DELETE = routeOf(deleteModelSetting);
