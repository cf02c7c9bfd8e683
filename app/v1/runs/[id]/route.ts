import { withProject } from "@/lib/api/with-auth";
import { parseWith } from "@/lib/api/body";
import { getRun } from "@/lib/runs/get-run";
import { idParams } from "@/lib/schemas/common";

// GET /v1/runs/{id} — one run, with the graph it executes
export const GET = withProject(async (ctx) => getRun(ctx, parseWith(idParams, ctx.params).id), { action: "run.read" });
