// Imported first by every fuzz test file, so the environment is in place before any app
// module reads it. Rate limits are raised (every `limit("name", …)` in lib/ and app/ gets a huge
// AR_RL_<NAME>_POINTS), otherwise the fuzzer would mostly measure 429s; mail goes to a temp
// outbox; DNS points at a closed local port with a short timeout, so domain verification
// fails fast instead of reaching the internet; Google sign-in is configured against an
// unreachable local issuer, so One Tap validates its input instead of answering "not configured".
import { mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

const root = path.resolve(__dirname, "../..");

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return e.name === "generated" ? [] : sources(p);
    return /\.tsx?$/.test(e.name) && !e.name.endsWith(".test.ts") ? [p] : [];
  });
}

const RATE_LIMIT_NAMES = [
  ...new Set([...sources(path.join(root, "lib")), ...sources(path.join(root, "app"))].flatMap((f) => [...readFileSync(f, "utf8").matchAll(/\blimit\(\s*["'`]([a-zA-Z0-9_-]+)["'`]/g)].map((m) => m[1]))),
];
for (const name of RATE_LIMIT_NAMES) process.env[`AR_RL_${name.toUpperCase().replace(/[^A-Z0-9]/g, "_")}_POINTS`] = "1000000";

Object.assign(process.env, {
  MAIL_OUTBOX_DIR: mkdtempSync(path.join(tmpdir(), "ar-fuzz-mail-")),
  DNS_RESOLVER: "127.0.0.1:9",
  DNS_TIMEOUT_MS: "50",
  GOOGLE_CLIENT_ID: "fuzz-client.apps.googleusercontent.test",
  GOOGLE_CLIENT_SECRET: "fuzz-client-secret",
  GOOGLE_ISSUER: "http://127.0.0.1:9",
  GOOGLE_JWKS_URL: "http://127.0.0.1:9/certs",
  APP_URL: "http://localhost",
  // Outbound probes (provider validation, connection tests) give up fast: nothing answers here.
  LLM_VALIDATE_TIMEOUT_MS: "50",
  CONNECTIONS_TIMEOUT_MS: "50",
  WEBHOOK_TIMEOUT_MS: "50",
  WHATSAPP_GRAPH_URL: "http://127.0.0.1:9",
});
delete process.env.SMTP_URL;
delete process.env.REDIS_URL;
