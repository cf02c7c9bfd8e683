import { createHash } from "node:crypto";
import { db, type Tx } from "@/lib/db/client";
import { logger } from "@/lib/core/logger";
import { shredWorkspaceKey } from "@/lib/vault";
import { sendMail } from "@/lib/mail/send";
import { retainBillingRecords } from "./billing-retention";
import { certificatePayload, signCertificate } from "./certificate";
import { deletionCertificateMail } from "./mails";
import { PURGE_TABLES, type PurgeTable } from "./purge-tables";

// The purge of a workspace whose grace window has passed. Resumable and idempotent: each batch of
// deletions commits together with its count in WorkspaceDeletion.counts, so a crash anywhere
// loses nothing and a retry carries on where the last commit left off (tables already emptied
// delete 0 rows). Append-only tables go through the one privileged path their triggers
// recognise (see the lifecycle migration); nothing else in the code sets it.

const BATCH = 5000;

/** Test seam: called after each table is emptied (a test throws here to crash the purge midway). */
export const purgeHooks: { afterTable?: (table: string) => void | Promise<void> } = {};

async function count(tx: Tx, deletionId: string, key: string, n: number): Promise<void> {
  await tx.$executeRaw`UPDATE "WorkspaceDeletion" SET counts = jsonb_set(counts, ARRAY[${key}::text], to_jsonb(COALESCE((counts->>${key}::text)::bigint, 0) + ${n}::bigint)) WHERE id = ${deletionId}`;
}

/** The privileged path: only for the transaction it is set in, only for this workspace. */
async function enterPurgePath(tx: Tx, workspaceId: string): Promise<void> {
  await tx.$executeRaw`SELECT set_config('agentruntime.purge_workspace', ${workspaceId}, true)`;
}

async function purgeTable(deletionId: string, workspaceId: string, t: PurgeTable): Promise<void> {
  for (;;) {
    const n = await db.$transaction(async (tx) => {
      if (t.privileged) await enterPurgePath(tx, workspaceId);
      if (t.table === "CheckoutSession" || t.table === "LedgerEntry") await retainBillingRecords(tx, workspaceId, t.table);
      // Table names and clauses come from PURGE_TABLES (constants), the workspace id is a parameter.
      const deleted = await tx.$executeRawUnsafe(`DELETE FROM "${t.table}" WHERE ctid IN (SELECT ctid FROM "${t.table}" WHERE ${t.where} LIMIT ${BATCH})`, workspaceId);
      await count(tx, deletionId, t.table, deleted);
      return deleted;
    });
    if (n < BATCH) return;
  }
}

/** A fingerprint of the wrapped data key: names the key in the certificate, reveals nothing of it. */
function keyFingerprint(k: { workspaceId: string; wrappedKey: Uint8Array; masterKeyVersion: string }): string {
  return "wk_" + createHash("sha256").update(k.workspaceId).update("\0").update(k.masterKeyVersion).update("\0").update(k.wrappedKey).digest("hex").slice(0, 32);
}

async function shred(deletionId: string, workspaceId: string): Promise<void> {
  await db.$transaction(async (tx) => {
    const key = await tx.workspaceKey.findUnique({ where: { workspaceId } });
    if (!key) return count(tx, deletionId, "WorkspaceKey", 0);
    await tx.workspaceKey.delete({ where: { workspaceId } });
    await tx.workspaceDeletion.update({ where: { id: deletionId }, data: { shreddedKeyId: keyFingerprint(key) } });
    await count(tx, deletionId, "WorkspaceKey", 1);
  });
  await shredWorkspaceKey(workspaceId); // deletes nothing more; evicts this process's key cache
}

export type PurgeOutcome = "completed" | "already_completed" | "canceled" | "not_due" | "missing";

export async function purgeWorkspace(deletionId: string): Promise<PurgeOutcome> {
  const d = await db.workspaceDeletion.findUnique({ where: { id: deletionId } });
  if (!d) return "missing";
  if (d.status === "completed") return "already_completed";
  if (d.status === "canceled") return "canceled";
  if (d.scheduledFor.getTime() > Date.now()) return "not_due";
  if (d.status === "scheduled") {
    // Same conditional update as a cancel: exactly one of the two wins.
    const { count: took } = await db.workspaceDeletion.updateMany({ where: { id: d.id, status: "scheduled" }, data: { status: "purging" } });
    if (took === 0) return purgeWorkspace(deletionId);
  }
  for (const t of PURGE_TABLES) {
    await purgeTable(d.id, d.workspaceId, t);
    await purgeHooks.afterTable?.(t.table);
  }
  await shred(d.id, d.workspaceId);
  const completedAt = new Date();
  const certificate = await db.$transaction(async (tx) => {
    const n = await tx.$executeRaw`DELETE FROM "Workspace" WHERE id = ${d.workspaceId}`;
    await count(tx, d.id, "Workspace", n);
    const row = await tx.workspaceDeletion.findUniqueOrThrow({ where: { id: d.id } });
    const jws = await signCertificate(certificatePayload(row, completedAt));
    await tx.workspaceDeletion.update({ where: { id: d.id }, data: { status: "completed", completedAt, certificate: jws } });
    return jws;
  });
  logger.info("workspace purged", { workspaceId: d.workspaceId, deletionId: d.id });
  if (d.ownerEmail) await sendMail(deletionCertificateMail(d.ownerEmail, { slug: d.workspaceSlug }, certificate));
  return "completed";
}

/** Deletions whose window has passed but whose job was lost (or exhausted its retries). */
export async function dueDeletionIds(): Promise<string[]> {
  const rows = await db.workspaceDeletion.findMany({ where: { status: { in: ["scheduled", "purging"] }, scheduledFor: { lte: new Date() } }, select: { id: true }, take: 100 });
  return rows.map((r) => r.id);
}
