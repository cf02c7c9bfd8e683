import { routeOf } from "@/lib/operations/route";
import { modelSettings } from "@/lib/operations/model-settings";

// GET /v1/model-settings — the project's model per role
export const GET = routeOf(modelSettings.listModelSettings);
