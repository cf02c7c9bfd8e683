import { routeOf } from "@/lib/operations/route";
import { runs } from "@/lib/operations/runs";

// GET /v1/runs/{id}/steps — the whole run: every step, retry, approval decision, cost and usage record
export const GET = routeOf(runs.getRunSteps);
