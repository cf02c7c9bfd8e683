import { withProject } from "@/lib/api/with-auth";
import { parseQuery } from "@/lib/api/body";
import { listRuns } from "@/lib/runs/list-runs";
import { listRunsQuery } from "@/lib/schemas/runs";

// GET /v1/runs — the project's runs, newest first (filters: status, workflow, version, trigger, from, to)
export const GET = withProject(async (ctx) => listRuns(ctx, parseQuery(ctx.req, listRunsQuery)), { action: "run.read" });
