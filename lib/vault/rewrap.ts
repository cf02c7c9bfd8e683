import "server-only";
import { db } from "@/lib/db/client";
import { unwrapDataKey, wrapDataKey } from "./data-keys";
import { VaultError } from "./errors";
import { masterKeys } from "./master-keys";

export interface RewrapResult {
  newestVersion: string;
  /** Data keys in the table when the run started. */
  total: number;
  /** Already on the newest master key before this run. */
  alreadyCurrent: number;
  rewrapped: number;
  /** Rows that could not be unwrapped (e.g. their master key is no longer configured). */
  failed: { workspaceId: string; masterKeyVersion: string; reason: string }[];
}

/**
 * Rewraps every data key that is not on the newest master key with the newest one. Only the
 * wrapping changes: the data keys themselves, hence every secret ciphertext, stay as they are,
 * and no secret is ever decrypted. Row by row, each in its own transaction that re-reads the row
 * and updates it only if its version is unchanged, so concurrent runs, shreds and first uses are
 * safe and re-running is a no-op.
 */
export async function rewrapDataKeys({ batchSize = 100 }: { batchSize?: number } = {}): Promise<RewrapResult> {
  const { newest } = masterKeys();
  const [total, alreadyCurrent] = await Promise.all([
    db.workspaceKey.count(),
    db.workspaceKey.count({ where: { masterKeyVersion: newest.version } }),
  ]);
  const result: RewrapResult = { newestVersion: newest.version, total, alreadyCurrent, rewrapped: 0, failed: [] };
  let after = "";
  for (;;) {
    const batch = await db.workspaceKey.findMany({
      where: { masterKeyVersion: { not: newest.version }, workspaceId: { gt: after } },
      orderBy: { workspaceId: "asc" },
      take: batchSize,
      select: { workspaceId: true, masterKeyVersion: true },
    });
    if (batch.length === 0) break;
    after = batch[batch.length - 1].workspaceId;
    for (const { workspaceId, masterKeyVersion } of batch) {
      try {
        const changed = await db.$transaction(async (tx) => {
          const row = await tx.workspaceKey.findUnique({ where: { workspaceId } });
          if (!row || row.masterKeyVersion === newest.version) return false;
          const dataKey = unwrapDataKey(row);
          const { count } = await tx.workspaceKey.updateMany({
            where: { workspaceId, masterKeyVersion: row.masterKeyVersion },
            data: { ...wrapDataKey(workspaceId, dataKey), rewrappedAt: new Date() },
          });
          return count === 1;
        });
        if (changed) result.rewrapped++;
      } catch (err) {
        if (!(err instanceof VaultError)) throw err;
        result.failed.push({ workspaceId, masterKeyVersion, reason: err.message });
      }
    }
  }
  return result;
}
