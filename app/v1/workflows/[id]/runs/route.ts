import { routeOf } from "@/lib/operations/route";
import { runs } from "@/lib/operations/runs";

// POST /v1/workflows/{id}/runs — start a run of the latest (or a given) version, or a test run of the draft
export const POST = routeOf(runs.startRun);
