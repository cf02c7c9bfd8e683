// encryptSecret / decryptSecret against a real database: AAD binding, tampering, per-workspace
// data keys created race-safely on first use, stored only wrapped, and crypto-shredding.
import pg from "pg";
import { describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { decryptSecret, encryptSecret, shredWorkspaceKey, VaultError } from "@/lib/vault";
import { loadOrCreateDataKey } from "@/lib/vault/data-keys";
import { NONCE_BYTES, TAG_BYTES } from "@/lib/vault/format";
import { clearKeyCache } from "@/lib/vault/key-cache";
import { failure, newWorkspaceId, ref } from "./helpers";

const CANARY = "canary-sk-9f1c2e7a-vault-test";

describe("encryptSecret / decryptSecret", () => {
  it("round-trips text, including empty and non-ASCII secrets", async () => {
    const ws = await newWorkspaceId();
    for (const secret of [CANARY, "", "päss wörd 🔑", "x".repeat(10_000)]) {
      const r = ref(ws);
      const blob = await encryptSecret(r, secret);
      expect(blob).toBeInstanceOf(Uint8Array);
      // Version byte + nonce + ciphertext (as long as the UTF-8 plaintext) + tag.
      expect(blob.length).toBe(1 + NONCE_BYTES + Buffer.byteLength(secret) + TAG_BYTES);
      // Random bytes contain any one short pattern by chance (a 1-byte one in ~11% of blobs),
      // so the plaintext search is only meaningful for secrets of real length.
      if (secret.length >= 8) expect(Buffer.from(blob).includes(Buffer.from(secret))).toBe(false);
      expect(await decryptSecret(r, blob)).toBe(secret);
    }
  });

  it("fails when any byte of the stored ciphertext is flipped", async () => {
    const ws = await newWorkspaceId();
    const r = ref(ws);
    const blob = await encryptSecret(r, "short");
    for (let i = 0; i < blob.length; i++) {
      const tampered = Uint8Array.from(blob);
      tampered[i] ^= 0x01;
      expect(await failure(decryptSecret(r, tampered)), `byte ${i}`).not.toBeNull();
    }
    expect(await decryptSecret(r, blob)).toBe("short");
  });

  it("a ciphertext moved to another row, column, table or workspace does not decrypt", async () => {
    const [a, b] = [await newWorkspaceId(), await newWorkspaceId()];
    const r = ref(a, "con_original", "accessToken", "Connection");
    const blob = await encryptSecret(r, CANARY);
    await encryptSecret(ref(b), "b has a key too");
    const moved = [
      { ...r, rowId: "con_other" },
      { ...r, column: "refreshToken" },
      { ...r, table: "LlmProvider" },
      { ...r, workspaceId: b },
    ];
    for (const target of moved) {
      const message = await failure(decryptSecret(target, blob));
      expect(message, JSON.stringify(target)).toMatch(/authentication failed/);
      expect(message).not.toContain(CANARY);
    }
    expect(await decryptSecret(r, blob)).toBe(CANARY);
  });

  it("rejects an incomplete reference and an unknown workspace with VaultError", async () => {
    const ws = await newWorkspaceId();
    await expect(encryptSecret({ ...ref(ws), rowId: "" }, "x")).rejects.toThrow(/non-empty rowId/);
    await expect(encryptSecret(ref("ws_does_not_exist"), "x")).rejects.toThrow(VaultError);
    await expect(decryptSecret(ref("ws_does_not_exist"), new Uint8Array(40))).rejects.toThrow(/data key not found/);
  });
});

describe("workspace data keys", () => {
  it("are stored only wrapped: no column of the row equals or contains the raw key", async () => {
    const ws = await newWorkspaceId();
    const key = await loadOrCreateDataKey(ws);
    expect(key.length).toBe(32);
    const row = await db.workspaceKey.findUniqueOrThrow({ where: { workspaceId: ws } });
    const wrapped = Buffer.from(row.wrappedKey);
    expect(wrapped.equals(key)).toBe(false);
    expect(wrapped.includes(key)).toBe(false);
    expect(wrapped.includes(key.subarray(0, 8))).toBe(false);
    const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await client.connect();
    try {
      const { rows } = await client.query(`SELECT row_to_json(k)::text AS j, encode("wrappedKey", 'hex') AS h FROM "WorkspaceKey" k WHERE "workspaceId" = $1`, [ws]);
      for (const enc of ["hex", "base64"] as const) {
        expect(rows[0].j).not.toContain(key.toString(enc));
        expect(rows[0].h).not.toContain(key.toString("hex"));
      }
    } finally {
      await client.end();
    }
  });

  it("concurrent first uses create exactly one key, and every ciphertext decrypts", async () => {
    const ws = await newWorkspaceId();
    const refs = Array.from({ length: 20 }, () => ref(ws));
    const blobs = await Promise.all(refs.map((r, i) => encryptSecret(r, `secret-${i}`)));
    expect(await db.workspaceKey.count({ where: { workspaceId: ws } })).toBe(1);
    clearKeyCache();
    expect(await Promise.all(refs.map((r, i) => decryptSecret(r, blobs[i])))).toEqual(refs.map((_, i) => `secret-${i}`));
  });

  it("concurrent first uses inside transactions create exactly one key", async () => {
    const ws = await newWorkspaceId();
    const refs = Array.from({ length: 5 }, () => ref(ws));
    const blobs = await Promise.all(refs.map((r, i) => db.$transaction((tx) => encryptSecret(r, `tx-${i}`, tx))));
    expect(await db.workspaceKey.count({ where: { workspaceId: ws } })).toBe(1);
    clearKeyCache();
    for (const [i, r] of refs.entries()) expect(await decryptSecret(r, blobs[i])).toBe(`tx-${i}`);
  });

  it("a key created in a rolled-back transaction is neither stored nor cached", async () => {
    const ws = await newWorkspaceId();
    const r = ref(ws);
    await expect(
      db.$transaction(async (tx) => {
        await encryptSecret(r, "lost", tx);
        throw new Error("roll back");
      }),
    ).rejects.toThrow("roll back");
    expect(await db.workspaceKey.count({ where: { workspaceId: ws } })).toBe(0);
    const blob = await encryptSecret(r, "kept");
    clearKeyCache();
    expect(await decryptSecret(r, blob)).toBe("kept");
  });

  it("a wrapped key copied to another workspace does not unwrap", async () => {
    const [a, b] = [await newWorkspaceId(), await newWorkspaceId()];
    const rb = ref(b);
    const blob = await encryptSecret(rb, "b's secret");
    await encryptSecret(ref(a), "a's secret");
    const rowA = await db.workspaceKey.findUniqueOrThrow({ where: { workspaceId: a } });
    await db.workspaceKey.update({ where: { workspaceId: b }, data: { wrappedKey: rowA.wrappedKey } });
    clearKeyCache();
    expect(await failure(decryptSecret(rb, blob))).toMatch(new RegExp(`cannot unwrap the data key of workspace ${b}: authentication failed`));
  });
});

describe("crypto-shredding", () => {
  it("after shredding A, 100% of A's ciphertexts fail and 0% of B's", async () => {
    const [a, b] = [await newWorkspaceId(), await newWorkspaceId()];
    const make = (ws: string) => Promise.all(Array.from({ length: 50 }, async (_, i) => {
      const r = ref(ws, `row_${i}`);
      return { r, blob: await encryptSecret(r, `${CANARY}-${ws}-${i}`) };
    }));
    const [sa, sb] = [await make(a), await make(b)];
    // Warm the cache for A: the shred must still take effect at once in this process.
    expect(await decryptSecret(sa[0].r, sa[0].blob)).toBe(`${CANARY}-${a}-0`);

    expect(await shredWorkspaceKey(a)).toBe(true);
    expect(await db.workspaceKey.count({ where: { workspaceId: a } })).toBe(0);
    const aFailures = await Promise.all(sa.map(({ r, blob }) => failure(decryptSecret(r, blob))));
    expect(aFailures.filter((m) => m !== null)).toHaveLength(50);
    for (const m of aFailures) {
      expect(m).toMatch(/data key not found for workspace .* \(never created, or shredded\)/);
      expect(m).not.toContain(CANARY);
    }
    const bPlain = await Promise.all(sb.map(({ r, blob }) => decryptSecret(r, blob)));
    expect(bPlain).toEqual(sb.map((_, i) => `${CANARY}-${b}-${i}`));

    expect(await shredWorkspaceKey(a)).toBe(false);
    // A later encryption gets a new, unrelated key: the shredded ciphertexts stay unreadable.
    await encryptSecret(ref(a), "after shredding");
    expect(await failure(decryptSecret(sa[1].r, sa[1].blob))).toMatch(/authentication failed/);
  });
});
