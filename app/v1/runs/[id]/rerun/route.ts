import { routeOf } from "@/lib/operations/route";
import { runs } from "@/lib/operations/runs";

// POST /v1/runs/{id}/rerun — a new run of the same version, optionally reusing the steps before a node
export const POST = routeOf(runs.rerunRun);
