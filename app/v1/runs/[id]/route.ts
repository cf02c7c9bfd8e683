import { routeOf } from "@/lib/operations/route";
import { runs } from "@/lib/operations/runs";

// GET /v1/runs/{id} — one run, with the graph it executes
export const GET = routeOf(runs.getRun);
