import { withProject } from "@/lib/api/with-auth";
import { parseQuery, parseWith } from "@/lib/api/body";
import { listVersions } from "@/lib/workflows/read-workflow";
import { scopeIds } from "@/lib/workflows/present";
import { listVersionsQuery, workflowParams } from "@/lib/schemas/workflows";

// GET /v1/workflows/{id}/versions — published versions, highest number first
export const GET = withProject(
  async (ctx) => listVersions(scopeIds(ctx), parseWith(workflowParams, ctx.params).id, parseQuery(ctx.req, listVersionsQuery)),
  { action: "workflow.read" },
);
