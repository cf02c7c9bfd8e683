import { withProject } from "@/lib/api/with-auth";
import { parseWith } from "@/lib/api/body";
import { cancelRun } from "@/lib/runs/cancel-run";
import { idParams } from "@/lib/schemas/common";

// POST /v1/runs/{id}/cancel — cancel a queued or waiting run now, or ask a running one to stop
export const POST = withProject(async (ctx) => cancelRun(ctx, parseWith(idParams, ctx.params).id), { action: "run.start" });
