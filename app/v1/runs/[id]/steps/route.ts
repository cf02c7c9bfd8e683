import { withProject } from "@/lib/api/with-auth";
import { parseWith } from "@/lib/api/body";
import { getRunSteps } from "@/lib/runs/get-run-steps";
import { idParams } from "@/lib/schemas/common";

// GET /v1/runs/{id}/steps — the whole run: every step, retry, approval decision, cost and usage record
export const GET = withProject(async (ctx) => getRunSteps(ctx, parseWith(idParams, ctx.params).id), { action: "run.read" });
