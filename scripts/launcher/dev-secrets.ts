// Secrets the server needs at start. In development they are generated once and kept in
// .data/secrets.json (git-ignored, mode 0600) so sessions survive restarts; a value already
// in the environment always wins. In production nothing is generated: a missing secret
// stops the start, because a silently generated one would differ per host and per restart.
// Used by scripts/start.ts only (not by app code), so it does not import "server-only".
import { randomBytes } from "node:crypto";
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { parseMasterKeys } from "../../lib/vault/master-keys";
import { generatePlatformKeyPem, parsePlatformKey } from "../../lib/platform-keys/parse-key";

interface SecretSpec {
  name: string;
  generate: () => string;
  /** Shown when the secret is missing in production. */
  hint: string;
  /** Throws a message naming the variable (never its value) when a present value is malformed. */
  validate?: (value: string) => void;
}

export const SECRETS: SecretSpec[] = [
  {
    name: "AUTH_SECRET",
    generate: () => randomBytes(32).toString("base64url"),
    hint: "32+ random bytes, e.g. `openssl rand -base64 32`",
  },
  {
    // The vault's key ring (lib/vault/master-keys.ts): "<version>:<base64 32 bytes>", newest first.
    name: "AGENTRUNTIME_MASTER_KEYS",
    generate: () => `v1:${randomBytes(32).toString("base64")}`,
    hint: "vault master keys, newest first, e.g. `v1:$(openssl rand -base64 32)`; keep old versions until `npm run vault:rotate` has run",
    validate: (value) => void parseMasterKeys(value),
  },
  {
    // Signs run receipts and other documents anyone can verify (lib/platform-keys).
    name: "PLATFORM_SIGNING_KEY",
    generate: generatePlatformKeyPem,
    hint: "an Ed25519 private key as PKCS#8 PEM or JWK, e.g. `openssl genpkey -algorithm ed25519`",
    validate: (value) => void parsePlatformKey(value),
  },
];

interface EnsureSecretsOptions {
  production: boolean;
  /** Default: <cwd>/.data/secrets.json */
  file?: string;
  log?: (line: string) => void;
}

/** Fills process.env with every secret in SECRETS; throws (production) naming what is missing. */
export function ensureSecrets({ production, file, log = console.log }: EnsureSecretsOptions): void {
  const missing = SECRETS.filter((s) => !process.env[s.name]);
  for (const s of SECRETS) if (process.env[s.name]) s.validate?.(process.env[s.name]!);
  if (missing.length === 0) return;
  if (production) {
    const lines = missing.map((s) => `  ${s.name}: ${s.hint}`).join("\n");
    throw new Error(`missing required secret${missing.length > 1 ? "s" : ""} in production (NODE_ENV=production with DATABASE_URL):\n${lines}`);
  }

  const secretsFile = file ?? path.join(process.cwd(), ".data", "secrets.json");
  const stored: Record<string, string> = existsSync(secretsFile) ? JSON.parse(readFileSync(secretsFile, "utf8")) : {};
  const generated: string[] = [];
  for (const s of missing) {
    if (!stored[s.name]) {
      stored[s.name] = s.generate();
      generated.push(s.name);
    }
    process.env[s.name] = stored[s.name];
  }
  if (generated.length > 0) {
    mkdirSync(path.dirname(secretsFile), { recursive: true });
    writeFileSync(secretsFile, JSON.stringify(stored, null, 2) + "\n", { mode: 0o600 });
    chmodSync(secretsFile, 0o600); // `mode` above only applies when the file is created
    const rel = path.relative(process.cwd(), secretsFile);
    for (const name of generated) log(`generated development ${name} in ${rel}`);
  }
}
