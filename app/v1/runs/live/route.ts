import { routeOf } from "@/lib/operations/route";
import { runs } from "@/lib/operations/runs";

// GET /v1/runs/live — Server-Sent Events: every run event of the project with the run's summary
export const GET = routeOf(runs.streamLiveRuns);

// Vercel: a Node.js function (one LISTEN connection per instance) that may stay open 300 s; the
// stream ends itself at 280 s there and the client reconnects (lib/api/sse.ts).
export const runtime = "nodejs";
export const maxDuration = 300;
