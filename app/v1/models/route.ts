import { routeOf } from "@/lib/operations/route";
import { models } from "@/lib/operations/models";

// GET /v1/models — the model catalog: prices (micro-USD per million tokens) and context limits
export const GET = routeOf(models.listModels);
