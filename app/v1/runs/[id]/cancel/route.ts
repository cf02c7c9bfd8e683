import { routeOf } from "@/lib/operations/route";
import { runs } from "@/lib/operations/runs";

// POST /v1/runs/{id}/cancel — cancel a queued or waiting run now, or ask a running one to stop
export const POST = routeOf(runs.cancelRun);
