import "server-only";
import { db } from "@/lib/db/client";
import { cacheEvict } from "./key-cache";

/**
 * Crypto-shredding: deletes the workspace's data key, so everything it encrypted becomes
 * unreadable (decryptSecret throws "data key not found … shredded"); no other workspace is
 * touched. Not transactional on purpose: the delete commits before the cache is evicted for the
 * last time, so no lookup in this process can re-cache the key afterwards. A later
 * encryptSecret for the same workspace creates a new, unrelated key. Returns whether a key existed.
 */
export async function shredWorkspaceKey(workspaceId: string): Promise<boolean> {
  cacheEvict(workspaceId);
  const { count } = await db.workspaceKey.deleteMany({ where: { workspaceId } });
  cacheEvict(workspaceId); // a lookup between the first eviction and the delete may have cached it
  return count > 0;
}
