import { VaultError } from "./errors";

// Master keys wrap the per-workspace data keys and never encrypt secrets directly.
// AGENTRUNTIME_MASTER_KEYS = "<version>:<base64 of 32 bytes>[,<version>:<base64>...]", newest
// first: the first key wraps new data keys and is the target of `npm run vault:rotate`; older
// ones stay listed until rotation has moved every data key off them.
export const MASTER_KEYS_ENV = "AGENTRUNTIME_MASTER_KEYS";

interface MasterKey {
  version: string;
  key: Buffer;
}

interface MasterKeyRing {
  newest: MasterKey;
  versions: string[];
  get(version: string): MasterKey | undefined;
}

const VERSION = /^[A-Za-z0-9._-]{1,32}$/;
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
const BASE64URL = /^[A-Za-z0-9_-]+$/;

function fail(detail: string): never {
  throw new VaultError(`${MASTER_KEYS_ENV} is invalid: ${detail}. Expected "<version>:<base64 of 32 random bytes>", comma-separated, newest first (e.g. v2:…,v1:…; generate one with \`openssl rand -base64 32\`)`);
}

/** Strictly parses the key ring; error messages name the entry, never its key material. */
export function parseMasterKeys(raw: string | undefined): MasterKeyRing {
  if (raw === undefined || raw.trim() === "") {
    throw new VaultError(`${MASTER_KEYS_ENV} is not set: the vault needs at least one master key ("v1:<base64 of 32 random bytes>", e.g. from \`openssl rand -base64 32\`)`);
  }
  const keys = new Map<string, MasterKey>();
  const entries = raw.split(",").map((e) => e.trim());
  entries.forEach((entry, i) => {
    const where = `entry ${i + 1}`;
    if (entry === "") fail(`${where} is empty`);
    const colon = entry.indexOf(":");
    if (colon < 0) fail(`${where} has no ":" between version and key`);
    const version = entry.slice(0, colon);
    const encoded = entry.slice(colon + 1);
    if (!VERSION.test(version)) fail(`${where} has an invalid version (1–32 of A–Z a–z 0–9 . _ -)`);
    if (keys.has(version)) fail(`version "${version}" appears more than once`);
    if (!BASE64.test(encoded) && !BASE64URL.test(encoded)) fail(`the key of version "${version}" is not base64`);
    const key = Buffer.from(encoded, BASE64.test(encoded) ? "base64" : "base64url");
    if (key.length !== 32) fail(`the key of version "${version}" decodes to ${key.length} bytes, not 32`);
    if (key.every((b) => b === key[0])) fail(`the key of version "${version}" is not random (all bytes equal)`);
    keys.set(version, { version, key });
  });
  const versions = [...keys.keys()];
  return { newest: keys.get(versions[0])!, versions, get: (v) => keys.get(v) };
}

let cached: { raw: string | undefined; ring: MasterKeyRing } | undefined;

/** The ring from the environment, re-parsed whenever the variable changes (tests, rotation). */
export function masterKeys(): MasterKeyRing {
  const raw = process.env[MASTER_KEYS_ENV];
  if (!cached || cached.raw !== raw) cached = { raw, ring: parseMasterKeys(raw) };
  return cached.ring;
}
