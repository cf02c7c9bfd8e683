import { z } from "zod";
import { page } from "@/lib/schemas/common";
import { auditEntryResponse, auditFilters, auditListQuery } from "@/lib/schemas/audit";
import { registerOperation, type ApiRegistry } from "../registry";

export function registerAuditOperations(r: ApiRegistry): void {
  const Entry = r.schema("AuditEntry", auditEntryResponse);
  const tags = ["Audit"];

  registerOperation(r, {
    method: "get",
    path: "/v1/audit",
    operationId: "listAuditEntries",
    summary: "List the workspace's audit log",
    description: "Newest first. `action` matches exactly or, ending with `*`, by prefix.",
    tags,
    auth: "workspace",
    action: "audit.read",
    query: auditListQuery,
    responses: { 200: { description: "A page of entries", schema: page(Entry) } },
  });
  registerOperation(r, {
    method: "get",
    path: "/v1/audit/export",
    operationId: "exportAuditEntries",
    summary: "Export the workspace's audit log",
    description: "JSON Lines (one AuditEntry per line), newest first, streamed as an attachment. The export itself is audited.",
    tags,
    auth: "workspace",
    action: "audit.read",
    query: auditFilters,
    responses: {
      200: {
        description: "One JSON object per line",
        contentType: "application/x-ndjson",
        schema: z.string().meta({ description: "Newline-delimited AuditEntry objects" }),
        headers: z.object({ "Content-Disposition": z.string().meta({ example: 'attachment; filename="audit-acme-20250101T000000Z.jsonl"' }) }),
      },
    },
  });
}
