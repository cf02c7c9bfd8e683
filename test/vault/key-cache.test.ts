// The in-memory data-key cache: another process's shred takes effect here within the TTL, and a
// stale cached key never hides a key re-created elsewhere.
import { randomBytes } from "node:crypto";
import { afterEach, describe, expect, it, vi } from "vitest";
import { db } from "@/lib/db/client";
import { decryptSecret, encryptSecret } from "@/lib/vault";
import { secretAad } from "@/lib/vault/aad";
import { wrapDataKey } from "@/lib/vault/data-keys";
import { clearKeyCache } from "@/lib/vault/key-cache";
import { seal } from "@/lib/vault/format";
import { failure, newWorkspaceId, ref } from "./helpers";

afterEach(() => {
  vi.useRealTimers();
});

describe("data key cache", () => {
  it("a shred by another process (row deleted, cache untouched) takes effect here after 60 s", async () => {
    const ws = await newWorkspaceId();
    const r = ref(ws);
    const blob = await encryptSecret(r, "cached");
    expect(await decryptSecret(r, blob)).toBe("cached");
    vi.useFakeTimers({ toFake: ["Date"], now: Date.now() });
    await db.workspaceKey.delete({ where: { workspaceId: ws } }); // as another process would
    vi.setSystemTime(Date.now() + 59_000);
    expect(await decryptSecret(r, blob)).toBe("cached"); // documented window
    vi.setSystemTime(Date.now() + 2_000);
    expect(await failure(decryptSecret(r, blob))).toMatch(/data key not found/);
  });

  it("encryption never uses a cached key whose row is gone", async () => {
    const ws = await newWorkspaceId();
    const r = ref(ws);
    await decryptSecret(r, await encryptSecret(r, "warm the cache"));
    await db.workspaceKey.delete({ where: { workspaceId: ws } }); // shredded elsewhere
    const blob = await encryptSecret(r, "after");
    expect(await db.workspaceKey.count({ where: { workspaceId: ws } })).toBe(1);
    clearKeyCache();
    expect(await decryptSecret(r, blob)).toBe("after"); // sealed under the key in the database
  });

  it("a stale cached key falls back to the key in the database", async () => {
    const ws = await newWorkspaceId();
    const r = ref(ws);
    await decryptSecret(r, await encryptSecret(r, "old key"));
    // Another process shreds and re-creates the key, then stores a secret under the new one.
    const newKey = randomBytes(32);
    await db.workspaceKey.delete({ where: { workspaceId: ws } });
    await db.workspaceKey.create({ data: { workspaceId: ws, ...wrapDataKey(ws, newKey) } });
    const r2 = ref(ws);
    const blob = seal(newKey, Buffer.from("new key"), secretAad(r2));
    expect(await decryptSecret(r2, blob)).toBe("new key");
  });
});
