import { db } from "@/lib/db/client";
import type { AuditFilters } from "@/lib/schemas/audit";
import { withNames } from "./names";
import { withTombstones } from "./tombstones";
import { auditSelect, auditWhere, toAuditView } from "./audit-view";

const BATCH = 500;

/**
 * The workspace's entries as JSON Lines, newest first, read in keyset batches as the client
 * consumes them: memory stays flat whatever the size of the log.
 */
export function exportAuditStream(workspaceId: string, filters: AuditFilters): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  const where = auditWhere(workspaceId, filters);
  let cursor: string | undefined;
  let done = false;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (done) return controller.close();
      const rows = await db.auditLog.findMany({
        where: cursor ? { AND: [where, { id: { lt: cursor } }] } : where,
        select: auditSelect,
        orderBy: { id: "desc" },
        take: BATCH,
      });
      if (rows.length < BATCH) done = true;
      if (rows.length) {
        cursor = rows[rows.length - 1].id;
        const entries = await withNames(workspaceId, await withTombstones(rows.map(toAuditView)));
        controller.enqueue(encoder.encode(entries.map((e) => JSON.stringify(e) + "\n").join("")));
      }
      if (done) controller.close();
    },
  });
}

/** `audit-<workspace>-<UTC timestamp>.jsonl`, safe for Content-Disposition. */
export function exportFilename(workspaceSlug: string, now = new Date()): string {
  const stamp = now.toISOString().replace(/[-:]/g, "").replace(/\..+$/, "Z");
  return `audit-${workspaceSlug.replace(/[^A-Za-z0-9_-]/g, "_")}-${stamp}.jsonl`;
}
