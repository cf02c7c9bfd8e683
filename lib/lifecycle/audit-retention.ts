import { db } from "@/lib/db/client";

const BATCH = 5000;

/**
 * The daily audit retention: deletes each workspace's audit entries older than its
 * auditRetentionDays (null = unlimited), through the privileged path the append-only trigger
 * recognises — which checks the age of every row itself, so this cannot delete a younger one.
 * Returns the rows deleted per workspace.
 */
export async function enforceAuditRetention(): Promise<Record<string, number>> {
  const workspaces = await db.workspace.findMany({ where: { auditRetentionDays: { not: null } }, select: { id: true, auditRetentionDays: true } });
  const out: Record<string, number> = {};
  for (const ws of workspaces) {
    let total = 0;
    for (;;) {
      const n = await db.$transaction(async (tx) => {
        await tx.$executeRaw`SELECT set_config('agentruntime.purge_workspace', ${ws.id}, true)`;
        return tx.$executeRaw`DELETE FROM "AuditLog" WHERE ctid IN (SELECT ctid FROM "AuditLog" WHERE "workspaceId" = ${ws.id} AND "createdAt" < (now() AT TIME ZONE 'UTC') - make_interval(days => ${ws.auditRetentionDays}::int) LIMIT ${BATCH})`;
      });
      total += n;
      if (n < BATCH) break;
    }
    if (total) out[ws.id] = total;
  }
  return out;
}
