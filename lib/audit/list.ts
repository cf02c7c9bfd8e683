import { db } from "@/lib/db/client";
import { cursorWhere, pageArgs, toPage } from "@/lib/core/pagination";
import type { AuditListQuery } from "@/lib/schemas/audit";
import { withNames } from "./names";
import { withTombstones } from "./tombstones";
import { auditSelect, auditWhere, toAuditView } from "./audit-view";

/** GET /v1/audit: the workspace's entries, newest first, filtered, cursor-paginated. */
export async function listAudit(workspaceId: string, q: AuditListQuery) {
  const rows = await db.auditLog.findMany({
    where: { AND: [auditWhere(workspaceId, q), cursorWhere(q)] },
    select: auditSelect,
    ...pageArgs(q),
  });
  return toPage(await withNames(workspaceId, await withTombstones(rows.map(toAuditView))), q);
}
