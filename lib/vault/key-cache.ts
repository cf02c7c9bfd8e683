// In-memory cache of unwrapped data keys, so a request that decrypts several secrets does not
// unwrap (and query) the data key each time.
//
// Trade-off: a cached key stays usable in *this* process until it expires, so the TTL is short
// (60 s) and the cache is bounded (LRU). shredWorkspaceKey() evicts in-process at once and bumps
// an epoch, so a lookup that raced with the shred cannot re-insert the key;
// other processes stop using a shredded key when their entry expires, at most TTL later.
// Encryption never takes its key from here (data-keys.ts), only decryption does, so the window
// can expose already-written secrets to this process for up to a TTL but never produce new
// ciphertexts under a shredded key.
// Only keys read through the shared client (committed rows) are cached: a key created or read
// inside a caller's transaction might still roll back.
const TTL_MS = 60_000;
const MAX_ENTRIES = 1_000;

interface Entry {
  key: Buffer;
  expires: number;
}

const entries = new Map<string, Entry>();
// Bumped by every eviction; one global counter (not per workspace) keeps memory bounded, and a
// skipped cache insert after an unrelated shred only costs one extra unwrap.
let epoch = 0;

export function cacheGet(workspaceId: string): Buffer | undefined {
  const hit = entries.get(workspaceId);
  if (!hit) return undefined;
  entries.delete(workspaceId);
  if (hit.expires <= Date.now()) return undefined;
  entries.set(workspaceId, hit); // most recently used goes last
  return hit.key;
}

/** Taken before reading a key; cacheSet drops the insert if a shred happened meanwhile. */
export function cacheEpoch(): number {
  return epoch;
}

export function cacheSet(workspaceId: string, key: Buffer, readAt: number): void {
  if (readAt !== epoch) return;
  entries.delete(workspaceId);
  entries.set(workspaceId, { key, expires: Date.now() + TTL_MS });
  while (entries.size > MAX_ENTRIES) {
    const oldest = entries.keys().next().value as string;
    entries.delete(oldest);
  }
}

export function cacheEvict(workspaceId: string): void {
  epoch++;
  entries.delete(workspaceId);
}

/** Tests: forget every cached key (e.g. to prove a rotated ring still unwraps from the database). */
export function clearKeyCache(): void {
  epoch++;
  entries.clear();
}
