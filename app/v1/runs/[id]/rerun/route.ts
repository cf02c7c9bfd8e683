import { json, withProject } from "@/lib/api/with-auth";
import { parseJson, parseWith } from "@/lib/api/body";
import { rerunRun } from "@/lib/runs/rerun-run";
import { idParams } from "@/lib/schemas/common";
import { rerunBody } from "@/lib/schemas/runs";

// POST /v1/runs/{id}/rerun — a new run of the same version, optionally reusing the steps before a node
export const POST = withProject(
  async (ctx) => {
    const { id } = parseWith(idParams, ctx.params);
    return json(await rerunRun(ctx, id, await parseJson(ctx.req, rerunBody)), 201);
  },
  { action: "run.start" },
);
