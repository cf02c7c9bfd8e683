import { withWorkspace } from "@/lib/api/with-auth";
import { parseQuery } from "@/lib/api/body";
import { recordAudit } from "@/lib/audit/record";
import { exportAuditStream, exportFilename } from "@/lib/audit/export";
import { auditFilters } from "@/lib/schemas/audit";

// GET /v1/audit/export — the filtered audit log as a JSON Lines download (streamed)
export const GET = withWorkspace(
  async (ctx) => {
    const filters = parseQuery(ctx.req, auditFilters);
    // Exporting the log is itself an auditable act.
    await recordAudit({ workspaceId: ctx.workspace.id, actor: ctx.actor, action: "audit.export", metadata: { filters }, request: ctx.meta });
    return new Response(exportAuditStream(ctx.workspace.id, filters), {
      headers: {
        "Content-Type": "application/x-ndjson; charset=utf-8",
        "Content-Disposition": `attachment; filename="${exportFilename(ctx.workspace.slug)}"`,
      },
    });
  },
  { action: "audit.read" },
);
