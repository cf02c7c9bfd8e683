import { withProject } from "@/lib/api/with-auth";
import { parseWith } from "@/lib/api/body";
import { readVersion } from "@/lib/workflows/read-workflow";
import { scopeIds } from "@/lib/workflows/present";
import { versionParams } from "@/lib/schemas/workflows";

// GET /v1/workflows/{id}/versions/{n} — one published version with its graph
export const GET = withProject(
  async (ctx) => {
    const { id, n } = parseWith(versionParams, ctx.params);
    return readVersion(scopeIds(ctx), id, n);
  },
  { action: "workflow.read" },
);
