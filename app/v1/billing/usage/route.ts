import { withWorkspace } from "@/lib/api/with-auth";
import { parseQuery } from "@/lib/api/body";
import { usageReport } from "@/lib/billing/usage-report";
import { usageQuery } from "@/lib/schemas/billing";

// GET /v1/billing/usage — usage and charges grouped by project, workflow, model or day
export const GET = withWorkspace(async (ctx) => usageReport(ctx.workspace.id, parseQuery(ctx.req, usageQuery)), { action: "billing.read" });
