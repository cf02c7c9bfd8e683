// platform_audit_log is append-only at the database level, like the tenant AuditLog: UPDATE,
// DELETE (even matching no row) and TRUNCATE are refused by a trigger, whatever the code path.
import { describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { recordPlatformAudit } from "@/lib/platform/record-platform-audit";

describe("platform_audit_log is append-only", () => {
  it("inserts and reads; UPDATE, DELETE and TRUNCATE are refused and the row is unchanged", async () => {
    const id = await recordPlatformAudit({ actor: { type: "cli", label: "vitest" }, action: "platform.test", target: { type: "user", id: "usr_x" }, before: { a: 1 }, after: { a: 2 } });
    const row = await db.platformAuditLog.findUniqueOrThrow({ where: { id } });
    expect(row).toMatchObject({ actorType: "cli", action: "platform.test", before: { a: 1 }, after: { a: 2 } });

    await expect(db.platformAuditLog.update({ where: { id }, data: { action: "platform.tampered" } })).rejects.toThrow(/append-only/);
    await expect(db.platformAuditLog.delete({ where: { id } })).rejects.toThrow(/append-only/);
    await expect(db.$executeRawUnsafe(`UPDATE "platform_audit_log" SET "after" = '{}'::jsonb WHERE id = $1`, id)).rejects.toThrow(/append-only/);
    await expect(db.$executeRawUnsafe(`DELETE FROM "platform_audit_log" WHERE id = 'paud_none'`)).rejects.toThrow(/append-only/);
    await expect(db.$executeRawUnsafe(`TRUNCATE "platform_audit_log"`)).rejects.toThrow(/append-only/);

    expect(await db.platformAuditLog.findUniqueOrThrow({ where: { id } })).toEqual(row);
  });
});
