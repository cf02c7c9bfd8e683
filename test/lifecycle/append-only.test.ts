// The append-only triggers after the lifecycle migration: UPDATE/TRUNCATE never, DELETE only on
// the privileged path and only for rows the purge policy allows; WorkspaceDeletion cannot be
// forged, backdated or reopened.
import { describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { newId } from "@/lib/core/ids";
import { recordAudit } from "@/lib/audit/record";
import { tenant } from "@/test/support/world";
import { sleep } from "./helpers";

const asPurge = (ws: string, sql: string, ...params: unknown[]) =>
  db.$transaction(async (tx) => {
    await tx.$executeRaw`SELECT set_config('agentruntime.purge_workspace', ${ws}, true)`;
    return tx.$executeRawUnsafe(sql, ...params);
  });

async function scheduled(workspaceId: string, seconds: number) {
  return db.workspaceDeletion.create({ data: { id: newId("workspaceDeletion"), workspaceId, workspaceSlug: "x", workspaceName: "x", ownerEmail: "o@example.test", scheduledFor: new Date(Date.now() + seconds * 1000) } });
}

describe("append-only outside the privileged path", () => {
  it("AuditLog and LedgerEntry refuse UPDATE, DELETE and TRUNCATE, with or without the setting", async () => {
    const t = await tenant({ staff: false, credits: true });
    const ws = t.workspace.id;
    await recordAudit({ workspaceId: ws, actor: { type: "system" }, action: "x.test" });
    for (const table of ["AuditLog", "LedgerEntry"]) {
      await expect(db.$executeRawUnsafe(`DELETE FROM "${table}" WHERE "workspaceId" = $1`, ws)).rejects.toThrow(/append-only/);
      await expect(db.$executeRawUnsafe(`DELETE FROM "${table}" WHERE false`)).rejects.toThrow(/append-only/);
      await expect(db.$executeRawUnsafe(`UPDATE "${table}" SET "workspaceId" = "workspaceId" WHERE "workspaceId" = $1`, ws)).rejects.toThrow(/append-only/);
      // CASCADE: AuditBurst (autosave counters) references AuditLog; the trigger still refuses.
      await expect(db.$executeRawUnsafe(`TRUNCATE "${table}" CASCADE`)).rejects.toThrow(/append-only/);
      // The setting alone grants nothing: no deletion is due, no retention has passed.
      await expect(asPurge(ws, `DELETE FROM "${table}" WHERE "workspaceId" = $1`, ws)).rejects.toThrow(/append-only/);
      await expect(asPurge(ws, `UPDATE "${table}" SET "workspaceId" = "workspaceId" WHERE "workspaceId" = $1`, ws)).rejects.toThrow(/append-only/);
    }
    expect(await db.auditLog.count({ where: { workspaceId: ws } })).toBeGreaterThan(0);
  });

  it("a due deletion opens only its own workspace's rows; a workspace in grace stays closed", async () => {
    const a = await tenant({ staff: false, credits: true });
    const b = await tenant({ staff: false, credits: true });
    await recordAudit({ workspaceId: a.workspace.id, actor: { type: "system" }, action: "x.test" });
    await recordAudit({ workspaceId: b.workspace.id, actor: { type: "system" }, action: "x.test" });
    await scheduled(a.workspace.id, 1);
    await scheduled(b.workspace.id, 3600);
    // Before a's window ends: refused.
    await expect(asPurge(a.workspace.id, `DELETE FROM "AuditLog" WHERE "workspaceId" = $1`, a.workspace.id)).rejects.toThrow(/append-only/);
    await sleep(1100);
    // With a's setting, b's rows (and a mixed statement) are refused.
    await expect(asPurge(a.workspace.id, `DELETE FROM "AuditLog" WHERE "workspaceId" = $1`, b.workspace.id)).rejects.toThrow(/append-only/);
    await expect(asPurge(a.workspace.id, `DELETE FROM "LedgerEntry" WHERE "workspaceId" IN ($1, $2)`, a.workspace.id, b.workspace.id)).rejects.toThrow(/append-only/);
    await expect(asPurge(b.workspace.id, `DELETE FROM "AuditLog" WHERE "workspaceId" = $1`, b.workspace.id)).rejects.toThrow(/append-only/);
    // a's own rows pass; still never UPDATE.
    expect(await asPurge(a.workspace.id, `DELETE FROM "AuditLog" WHERE "workspaceId" = $1`, a.workspace.id)).toBeGreaterThan(0);
    expect(await asPurge(a.workspace.id, `DELETE FROM "LedgerEntry" WHERE "workspaceId" = $1`, a.workspace.id)).toBeGreaterThan(0);
    await expect(asPurge(a.workspace.id, `UPDATE "AuditLog" SET action = 'x' WHERE "workspaceId" = $1`, b.workspace.id)).rejects.toThrow(/append-only/);
    // The setting is transaction-local: gone after the commit.
    await expect(db.$executeRawUnsafe(`DELETE FROM "AuditLog" WHERE "workspaceId" = $1`, b.workspace.id)).rejects.toThrow(/append-only/);
    expect(await db.auditLog.count({ where: { workspaceId: b.workspace.id } })).toBeGreaterThan(0);
  });

  it("WorkspaceDeletion cannot be backdated, rescheduled, reopened or deleted", async () => {
    const t = await tenant({ staff: false });
    await expect(scheduled(t.workspace.id, -60)).rejects.toThrow(/scheduledFor after now/);
    await expect(
      db.workspaceDeletion.create({ data: { id: newId("workspaceDeletion"), workspaceId: t.workspace.id, workspaceSlug: "x", workspaceName: "x", ownerEmail: "o@example.test", status: "purging", scheduledFor: new Date(Date.now() + 60_000) } }),
    ).rejects.toThrow();
    const d = await scheduled(t.workspace.id, 3600);
    // requestedAt is the database's clock, whatever the client sent.
    expect(Math.abs(d.requestedAt.getTime() - Date.now())).toBeLessThan(60_000);
    await expect(db.workspaceDeletion.update({ where: { id: d.id }, data: { scheduledFor: new Date(Date.now() - 60_000) } })).rejects.toThrow(/immutable/);
    await expect(db.workspaceDeletion.update({ where: { id: d.id }, data: { requestedAt: new Date(0) } })).rejects.toThrow(/immutable/);
    await db.workspaceDeletion.update({ where: { id: d.id }, data: { status: "canceled" } });
    await expect(db.workspaceDeletion.update({ where: { id: d.id }, data: { status: "scheduled" } })).rejects.toThrow(/final/);
    await expect(db.workspaceDeletion.delete({ where: { id: d.id } })).rejects.toThrow(/never deleted/);
  });
});
