import { withProject } from "@/lib/api/with-auth";
import { parseWith } from "@/lib/api/body";
import { getApproval } from "@/lib/approvals/present-approval";
import { idParams } from "@/lib/schemas/common";

// GET /v1/approvals/{id} — one approval with its decision
export const GET = withProject(async (ctx) => getApproval(ctx, parseWith(idParams, ctx.params).id), { action: "run.read" });
