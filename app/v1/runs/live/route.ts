import { withProject } from "@/lib/api/with-auth";
import { streamLiveRuns } from "@/lib/runs/stream-live-runs";

// GET /v1/runs/live — Server-Sent Events: every run event of the project with the run's summary
export const GET = withProject(async (ctx) => streamLiveRuns(ctx, ctx.req), { action: "run.read" });
