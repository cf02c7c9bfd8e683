import { json, withProject } from "@/lib/api/with-auth";
import { parseJson, parseWith } from "@/lib/api/body";
import { startRunFromApi } from "@/lib/runs/start-run-from-api";
import { idParams } from "@/lib/schemas/common";
import { startRunBody } from "@/lib/schemas/runs";

// POST /v1/workflows/{id}/runs — start a run of the latest (or a given) version, or a test run of the draft
export const POST = withProject(
  async (ctx) => {
    const { id } = parseWith(idParams, ctx.params);
    const result = await startRunFromApi(ctx, id, await parseJson(ctx.req, startRunBody));
    return json(result.body, result.status, result.replayed ? { "Idempotent-Replayed": "true" } : {});
  },
  { action: "run.start" },
);
