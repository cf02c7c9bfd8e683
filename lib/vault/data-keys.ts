import "server-only";
import { randomBytes } from "node:crypto";
import { db, type Tx } from "@/lib/db/client";
import { Prisma } from "@/lib/generated/prisma/client";
import { dataKeyAad } from "./aad";
import { VaultError } from "./errors";
import { open, seal } from "./format";
import { cacheEpoch, cacheGet, cacheSet } from "./key-cache";
import { MASTER_KEYS_ENV, masterKeys } from "./master-keys";

// Per-workspace 256-bit data keys. The WorkspaceKey row holds only the key wrapped (format v1,
// AES-256-GCM) by a master key, with the workspace id and master key version as authenticated
// data: a wrapped key copied to another workspace, or relabelled with another version, fails.
interface KeyRow {
  workspaceId: string;
  wrappedKey: Uint8Array;
  masterKeyVersion: string;
}

export function wrapDataKey(workspaceId: string, dataKey: Uint8Array): { wrappedKey: Uint8Array<ArrayBuffer>; masterKeyVersion: string } {
  const { newest } = masterKeys();
  return { wrappedKey: seal(newest.key, dataKey, dataKeyAad(workspaceId, newest.version)), masterKeyVersion: newest.version };
}

export function unwrapDataKey(row: KeyRow): Buffer {
  const ring = masterKeys();
  const master = ring.get(row.masterKeyVersion);
  if (!master) {
    throw new VaultError(
      `the data key of workspace ${row.workspaceId} is wrapped by master key version "${row.masterKeyVersion}", which is not in ${MASTER_KEYS_ENV} (has: ${ring.versions.join(", ")}); put that version back (after the newest), then run \`npm run vault:rotate\` before removing it`,
    );
  }
  return open(master.key, row.wrappedKey, dataKeyAad(row.workspaceId, row.masterKeyVersion), `cannot unwrap the data key of workspace ${row.workspaceId}`);
}

function notFound(workspaceId: string): VaultError {
  return new VaultError(`data key not found for workspace ${workspaceId} (never created, or shredded)`);
}

/** The cached data key of a workspace, if any (decryption only; see key-cache.ts). */
export function cachedDataKey(workspaceId: string): Buffer | undefined {
  return cacheGet(workspaceId);
}

/** The workspace's data key read from the database; throws VaultError when it does not exist. */
export async function loadDataKey(workspaceId: string, tx?: Tx): Promise<Buffer> {
  const readAt = cacheEpoch();
  const row = await (tx ?? db).workspaceKey.findUnique({ where: { workspaceId } });
  if (!row) throw notFound(workspaceId);
  const key = unwrapDataKey(row);
  if (!tx) cacheSet(workspaceId, key, readAt);
  return key;
}

/**
 * The workspace's data key for encryption, created on first use. Race-safe: concurrent first
 * uses all insert with ON CONFLICT DO NOTHING and then read back the single row that won.
 * Always reads the row (one primary-key lookup; unwrapping 32 bytes is negligible) instead of
 * trusting the cache, so nothing is ever encrypted under a key another process has shredded.
 */
export async function loadOrCreateDataKey(workspaceId: string, tx?: Tx): Promise<Buffer> {
  const readAt = cacheEpoch();
  const client = tx ?? db;
  let row = await client.workspaceKey.findUnique({ where: { workspaceId } });
  if (!row) {
    try {
      await client.workspaceKey.createMany({ data: [{ workspaceId, ...wrapDataKey(workspaceId, randomBytes(32)) }], skipDuplicates: true });
    } catch (err) {
      if (err instanceof Prisma.PrismaClientKnownRequestError && err.code === "P2003") {
        throw new VaultError(`cannot create a data key: workspace ${workspaceId} does not exist`);
      }
      throw err;
    }
    row = await client.workspaceKey.findUnique({ where: { workspaceId } });
    if (!row) throw notFound(workspaceId); // shredded between our insert and this read
  }
  const key = unwrapDataKey(row);
  if (!tx) cacheSet(workspaceId, key, readAt);
  return key;
}
