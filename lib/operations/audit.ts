import { z } from "zod";
import { page } from "@/lib/schemas/common";
import { auditEntryResponse, auditFilters, auditListQuery } from "@/lib/schemas/audit";
import { exportAuditStream, exportFilename } from "@/lib/audit/export";
import { listAudit } from "@/lib/audit/list";
import { recordAudit } from "@/lib/audit/record";
import { defineResource } from "./define";

export const audit = defineResource({ tags: ["Audit"], auth: "workspace", action: "audit.read", components: { AuditEntry: auditEntryResponse } }, (op) => ({
  listAuditEntries: op({
    route: "GET /v1/audit",
    summary: "List the workspace's audit log",
    description: "Newest first. `action` matches exactly or, ending with `*`, by prefix.",
    query: auditListQuery,
    responses: { 200: { description: "A page of entries", schema: (c) => page(c.AuditEntry) } },
    handler: async (ctx, { query }) => listAudit(ctx.workspace.id, query),
  }),

  exportAuditEntries: op({
    route: "GET /v1/audit/export",
    summary: "Export the workspace's audit log",
    description: "JSON Lines (one AuditEntry per line), newest first, streamed as an attachment. The export itself is audited.",
    query: auditFilters,
    responses: {
      200: {
        description: "One JSON object per line",
        contentType: "application/x-ndjson",
        schema: z.string().meta({ description: "Newline-delimited AuditEntry objects" }),
        headers: z.object({ "Content-Disposition": z.string().meta({ example: 'attachment; filename="audit-acme-20250101T000000Z.jsonl"' }) }),
      },
    },
    handler: async (ctx, { query: filters }) => {
      // Exporting the log is itself an auditable act.
      await recordAudit({ workspaceId: ctx.workspace.id, actor: ctx.actor, action: "audit.export", metadata: { filters }, request: ctx.meta });
      return new Response(exportAuditStream(ctx.workspace.id, filters), {
        headers: {
          "Content-Type": "application/x-ndjson; charset=utf-8",
          "Content-Disposition": `attachment; filename="${exportFilename(ctx.workspace.slug)}"`,
        },
      });
    },
  }),
}));
