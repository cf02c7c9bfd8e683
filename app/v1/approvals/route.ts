import { withProject } from "@/lib/api/with-auth";
import { parseQuery } from "@/lib/api/body";
import { listApprovals } from "@/lib/approvals/list-approvals";
import { listApprovalsQuery } from "@/lib/schemas/approvals";

// GET /v1/approvals — the project's approvals, pending ones by default (the inbox)
export const GET = withProject(async (ctx) => listApprovals(ctx, parseQuery(ctx.req, listApprovalsQuery)), { action: "run.read" });
