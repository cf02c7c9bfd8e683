import { withWorkspace } from "@/lib/api/with-auth";
import { parseQuery } from "@/lib/api/body";
import { auditListQuery } from "@/lib/schemas/audit";
import { listAudit } from "@/lib/audit/list";

// GET /v1/audit — the workspace's audit log, newest first, filtered and paginated
export const GET = withWorkspace(async (ctx) => listAudit(ctx.workspace.id, parseQuery(ctx.req, auditListQuery)), { action: "audit.read" });
