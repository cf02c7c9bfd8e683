import { routeOf } from "@/lib/operations/route";
import { runs } from "@/lib/operations/runs";

// GET /v1/runs — the project's runs, newest first (filters: status, workflow, version, trigger, from, to)
export const GET = routeOf(runs.listRuns);
