// Outside local mode a missing SMTP_URL stops the start of the launcher, the worker and the
// web app with a clear message, instead of answering sign-ups whose mail never leaves. In local
// mode (embedded PostgreSQL) mail goes to the development outbox and everything starts.
import { spawn } from "node:child_process";
import path from "node:path";
import { describe, expect, it } from "vitest";

const root = path.resolve(import.meta.dirname, "../..");

function run(args: string[], env: Record<string, string | undefined>, timeoutMs = 30_000): Promise<{ code: number | null; output: string }> {
  const clean: NodeJS.ProcessEnv = { ...process.env };
  for (const name of ["SMTP_URL", "DATABASE_URL", "AGENTRUNTIME_LOCAL_MODE", "NODE_ENV", "NEXT_RUNTIME"]) delete clean[name];
  for (const [k, v] of Object.entries(env)) if (v === undefined) delete clean[k];
  else clean[k] = v;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd: root, env: clean, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (d) => (output += d));
    child.stderr.on("data", (d) => (output += d));
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`timed out: ${args.join(" ")}\n${output}`));
    }, timeoutMs);
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

const REMOTE_DB = "postgresql://app:secret@127.0.0.1:9/agentruntime"; // nothing listens there
const registerWeb = ["--import", "tsx", "-e", "import('./instrumentation.ts').then((m) => m.register()).then(() => console.log('web would start'))"];

describe("no SMTP_URL outside local mode", () => {
  it("the launcher (npm start) refuses before starting anything", async () => {
    const { code, output } = await run(["--import", "tsx", "scripts/start.ts"], { DATABASE_URL: REMOTE_DB, PORT: "3987" });
    expect(code).not.toBe(0);
    expect(output).toContain("SMTP_URL is not set");
    expect(output).toContain("unset DATABASE_URL to run locally");
    expect(output).not.toMatch(/\[migrate\]|\[build\]|\[web\]/);
  });

  it("a worker refuses", async () => {
    const { code, output } = await run(["--conditions=react-server", "--import", "tsx", "worker/main.ts"], { DATABASE_URL: REMOTE_DB, NODE_ENV: "production" });
    expect(code).toBe(1);
    expect(output).toContain("SMTP_URL is not set");
  });

  it("the web app refuses at start-up (instrumentation hook)", async () => {
    const { code, output } = await run(registerWeb, { NEXT_RUNTIME: "nodejs", NODE_ENV: "production", DATABASE_URL: REMOTE_DB });
    expect(code).toBe(1);
    expect(output).toContain("cannot start: SMTP_URL is not set");
    expect(output).not.toContain("web would start");
  });

  it("the web app starts with SMTP_URL, and in local mode without it", async () => {
    const withSmtp = await run(registerWeb, { NEXT_RUNTIME: "nodejs", NODE_ENV: "production", DATABASE_URL: REMOTE_DB, SMTP_URL: "smtp://127.0.0.1:9" });
    expect(withSmtp.output).toContain("web would start");
    expect(withSmtp.code).toBe(0);
    const local = await run(registerWeb, { NEXT_RUNTIME: "nodejs", NODE_ENV: "production", AGENTRUNTIME_LOCAL_MODE: "1" });
    expect(local.output).toContain("web would start");
    expect(local.code).toBe(0);
  });
});
