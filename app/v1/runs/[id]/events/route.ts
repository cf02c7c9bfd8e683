import { routeOf } from "@/lib/operations/route";
import { runs } from "@/lib/operations/runs";

// GET /v1/runs/{id}/events — Server-Sent Events: replay after Last-Event-ID, then live until the run ends
export const GET = routeOf(runs.streamRunEvents);

// Vercel: a Node.js function (one LISTEN connection per instance) that may stay open 300 s; the
// stream ends itself at 280 s there and the client reconnects (lib/api/sse.ts).
export const runtime = "nodejs";
export const maxDuration = 300;
