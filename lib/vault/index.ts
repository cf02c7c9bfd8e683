import "server-only";
import type { Tx } from "@/lib/db/client";
import { secretAad, type SecretRef } from "./aad";
import { cachedDataKey, loadDataKey, loadOrCreateDataKey } from "./data-keys";
import { VaultError } from "./errors";
import { open, seal } from "./format";

// The vault: secrets are sealed with their workspace's data key (AES-256-GCM, format in
// format.ts) and bound to workspace + table + row + column, so generate the row id before
// encrypting and store the ciphertext in exactly that row and column.
export type { SecretRef } from "./aad";
export { VaultError } from "./errors";
export { nonceOf } from "./format";
export { MASTER_KEYS_ENV, parseMasterKeys } from "./master-keys";
export { rewrapDataKeys, type RewrapResult } from "./rewrap";
export { shredWorkspaceKey } from "./shred";

function checkRef(ref: SecretRef): void {
  for (const field of ["workspaceId", "table", "rowId", "column"] as const) {
    if (typeof ref[field] !== "string" || ref[field] === "") throw new VaultError(`secret reference needs a non-empty ${field}`);
  }
}

/** Encrypts a secret for one row and column; creates the workspace's data key on first use. */
export async function encryptSecret(ref: SecretRef, plaintext: string, tx?: Tx): Promise<Uint8Array<ArrayBuffer>> {
  checkRef(ref);
  if (typeof plaintext !== "string") throw new VaultError("secret must be a string");
  const key = await loadOrCreateDataKey(ref.workspaceId, tx);
  return seal(key, Buffer.from(plaintext, "utf8"), secretAad(ref));
}

/** Decrypts a secret stored in the row and column named by `ref`; throws VaultError otherwise. */
export async function decryptSecret(ref: SecretRef, ciphertext: Uint8Array, tx?: Tx): Promise<string> {
  checkRef(ref);
  if (!(ciphertext instanceof Uint8Array)) throw new VaultError(`no ciphertext for ${ref.table}.${ref.column} of row ${ref.rowId}`);
  const aad = secretAad(ref);
  const failure = `cannot decrypt ${ref.table}.${ref.column} of row ${ref.rowId} in workspace ${ref.workspaceId}`;
  const cached = cachedDataKey(ref.workspaceId);
  if (cached) {
    try {
      return open(cached, ciphertext, aad, failure).toString("utf8");
    } catch {
      // The cached key may be stale (shredded and re-created by another process): the verdict
      // comes from the key in the database.
    }
  }
  return open(await loadDataKey(ref.workspaceId, tx), ciphertext, aad, failure).toString("utf8");
}
