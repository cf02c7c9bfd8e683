import { routeOf } from "@/lib/operations/route";
import { runs } from "@/lib/operations/runs";

// GET /v1/runs/{id}/events — Server-Sent Events: replay after Last-Event-ID, then live until the run ends
export const GET = routeOf(runs.streamRunEvents);
