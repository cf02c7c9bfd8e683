// Master-key rotation: rewrapping moves every data key to the newest master key without touching
// ciphertexts; a master key removed too early gives a clear error; `npm run vault:rotate` works.
import { spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { afterEach, describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { decryptSecret, encryptSecret, rewrapDataKeys, type SecretRef } from "@/lib/vault";
import { clearKeyCache } from "@/lib/vault/key-cache";
import { failure, newWorkspaceId, ref } from "./helpers";

const ORIGINAL = process.env.AGENTRUNTIME_MASTER_KEYS!;
const OLD_VERSION = ORIGINAL.split(":")[0];

// Every extra master key a test introduced, so afterEach can move the worker's database back
// onto the original key (other test files in this worker keep using it).
const introduced = new Map<string, string>();

function useKeys(raw: string): void {
  for (const entry of raw.split(",")) {
    const version = entry.split(":")[0];
    if (version !== OLD_VERSION) introduced.set(version, entry);
  }
  process.env.AGENTRUNTIME_MASTER_KEYS = raw;
  clearKeyCache(); // prove every step against the wrapped rows, not keys cached in memory
}

afterEach(async () => {
  useKeys([ORIGINAL, ...introduced.values()].join(","));
  const restored = await rewrapDataKeys();
  useKeys(ORIGINAL);
  expect(restored.failed).toEqual([]);
});

async function seedSecrets(n: number): Promise<{ r: SecretRef; blob: Uint8Array; plain: string }[]> {
  const out = [];
  for (let i = 0; i < n; i++) {
    const r = ref(await newWorkspaceId());
    const plain = `rotation-secret-${i}-${randomBytes(4).toString("hex")}`;
    out.push({ r, blob: await encryptSecret(r, plain), plain });
  }
  return out;
}

async function expectAllDecrypt(secrets: { r: SecretRef; blob: Uint8Array; plain: string }[]): Promise<void> {
  for (const s of secrets) expect(await decryptSecret(s.r, s.blob)).toBe(s.plain);
}

describe("master key rotation", () => {
  it("rewrap leaves 0 rows on the old version, old ciphertexts still decrypt, and it is idempotent", async () => {
    const secrets = await seedSecrets(5);
    const before = await db.workspaceKey.findMany({ where: { workspaceId: { in: secrets.map((s) => s.r.workspaceId) } } });
    expect(before.every((k) => k.masterKeyVersion === OLD_VERSION)).toBe(true);

    const newVersion = `r${randomBytes(3).toString("hex")}`;
    useKeys(`${newVersion}:${randomBytes(32).toString("base64")},${ORIGINAL}`);
    await expectAllDecrypt(secrets); // old wrapping still readable before the rewrap
    const fresh = await seedSecrets(1); // new data keys use the newest master key
    expect((await db.workspaceKey.findUniqueOrThrow({ where: { workspaceId: fresh[0].r.workspaceId } })).masterKeyVersion).toBe(newVersion);

    const first = await rewrapDataKeys({ batchSize: 2 });
    expect(first.newestVersion).toBe(newVersion);
    expect(first.rewrapped).toBeGreaterThanOrEqual(5);
    expect(first.rewrapped + first.alreadyCurrent).toBe(first.total);
    expect(first.failed).toEqual([]);
    expect(await db.workspaceKey.count({ where: { masterKeyVersion: { not: newVersion } } })).toBe(0);

    const after = await db.workspaceKey.findMany({ where: { workspaceId: { in: secrets.map((s) => s.r.workspaceId) } } });
    for (const k of after) {
      expect(k.rewrappedAt).not.toBeNull();
      const old = before.find((b) => b.workspaceId === k.workspaceId)!;
      expect(Buffer.from(k.wrappedKey).equals(Buffer.from(old.wrappedKey))).toBe(false);
    }

    const second = await rewrapDataKeys();
    expect(second.rewrapped).toBe(0);
    expect(second.alreadyCurrent).toBe(second.total);

    // The old master key can now be removed: everything decrypts with the new one alone.
    useKeys(process.env.AGENTRUNTIME_MASTER_KEYS!.split(",")[0]);
    await expectAllDecrypt([...secrets, ...fresh]);
  });

  it("two concurrent rewraps rewrap each row once", async () => {
    await seedSecrets(6);
    useKeys(`c${randomBytes(3).toString("hex")}:${randomBytes(32).toString("base64")},${ORIGINAL}`);
    const pending = await db.workspaceKey.count({ where: { masterKeyVersion: OLD_VERSION } });
    const [a, b] = await Promise.all([rewrapDataKeys({ batchSize: 1 }), rewrapDataKeys({ batchSize: 1 })]);
    expect(a.rewrapped + b.rewrapped).toBe(pending);
    expect(await db.workspaceKey.count({ where: { masterKeyVersion: OLD_VERSION } })).toBe(0);
  });

  it("a master key removed while rows still use it gives a clear error, never key material", async () => {
    const [s] = await seedSecrets(1);
    const replacement = randomBytes(32).toString("base64");
    useKeys(`other:${replacement}`);
    const message = await failure(decryptSecret(s.r, s.blob));
    expect(message).toContain(`wrapped by master key version "${OLD_VERSION}", which is not in AGENTRUNTIME_MASTER_KEYS (has: other)`);
    expect(message).toContain("npm run vault:rotate");
    for (const secret of [replacement, ORIGINAL.split(":")[1], s.plain]) expect(message).not.toContain(secret);

    const result = await rewrapDataKeys();
    expect(result.failed.find((f) => f.workspaceId === s.r.workspaceId)).toMatchObject({ masterKeyVersion: OLD_VERSION });
    expect((await db.workspaceKey.findUniqueOrThrow({ where: { workspaceId: s.r.workspaceId } })).masterKeyVersion).toBe(OLD_VERSION);
  });

  it("a different key under the same version label fails to unwrap", async () => {
    const [s] = await seedSecrets(1);
    useKeys(`${OLD_VERSION}:${randomBytes(32).toString("base64")}`);
    expect(await failure(decryptSecret(s.r, s.blob))).toMatch(/cannot unwrap the data key of workspace .*: authentication failed/);
  });

  it("npm run vault:rotate rewraps, prints counts and is idempotent", async () => {
    const secrets = await seedSecrets(2);
    const keys = `cli${randomBytes(3).toString("hex")}:${randomBytes(32).toString("base64")},${ORIGINAL}`;
    useKeys(keys);
    const run = () =>
      spawnSync(process.execPath, ["node_modules/tsx/dist/cli.mjs", "--conditions=react-server", "scripts/vault-rotate.ts"], {
        env: { ...process.env },
        encoding: "utf8",
        timeout: 60_000,
      });
    const first = run();
    expect(first.stderr).toBe("");
    expect(first.status).toBe(0);
    expect(first.stdout).toMatch(/rewrapped now:\s+[1-9]\d*/);
    expect(first.stdout).not.toContain(keys.split(":")[1].split(",")[0]);
    const second = run();
    expect(second.status).toBe(0);
    expect(second.stdout).toMatch(/rewrapped now:\s+0\b/);
    useKeys(keys.split(",")[0]);
    await expectAllDecrypt(secrets);
  }, 120_000);
});
