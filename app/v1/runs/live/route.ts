import { routeOf } from "@/lib/operations/route";
import { runs } from "@/lib/operations/runs";

// GET /v1/runs/live — Server-Sent Events: every run event of the project with the run's summary
export const GET = routeOf(runs.streamLiveRuns);
