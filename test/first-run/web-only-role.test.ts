// The web-only role (AGENTRUNTIME_ROLE=web, or Vercel) runs the web app alone on DATABASE_URL:
// without it, the launcher and the web app stop at once with a clear message, and no embedded
// PostgreSQL is started.
import { spawn } from "node:child_process";
import path from "node:path";
import { describe, expect, it } from "vitest";

const root = path.resolve(import.meta.dirname, "../..");

function run(args: string[], env: Record<string, string>, timeoutMs = 30_000): Promise<{ code: number | null; output: string }> {
  const clean: NodeJS.ProcessEnv = { ...process.env };
  for (const name of ["DATABASE_URL", "AGENTRUNTIME_LOCAL_MODE", "NODE_ENV", "NEXT_RUNTIME", "VERCEL", "AGENTRUNTIME_ROLE"]) delete clean[name];
  Object.assign(clean, env);
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

const registerWeb = ["--import", "tsx", "-e", "import('./instrumentation.ts').then((m) => m.register()).then(() => console.log('web would start'))"];

describe("web-only role without DATABASE_URL", () => {
  it("the launcher refuses before starting a database or anything else", async () => {
    const { code, output } = await run(["--import", "tsx", "scripts/start.ts"], { AGENTRUNTIME_ROLE: "web", PORT: "3988", SMTP_URL: "smtp://127.0.0.1:9" });
    expect(code).not.toBe(0);
    expect(output).toContain("DATABASE_URL is not set: AGENTRUNTIME_ROLE=web runs the web app alone");
    expect(output).not.toMatch(/\[postgres\]|\[migrate\]|\[build\]|\[web\]|\[worker\]/);
  }, 30_000);

  it("an unknown role is refused by name", async () => {
    const { code, output } = await run(["--import", "tsx", "scripts/start.ts"], { AGENTRUNTIME_ROLE: "wokrer", PORT: "3988" });
    expect(code).not.toBe(0);
    expect(output).toContain('AGENTRUNTIME_ROLE="wokrer" is not a role');
  }, 30_000);

  it("on Vercel the web app refuses at start-up (instrumentation hook)", async () => {
    const refused = await run(registerWeb, { NEXT_RUNTIME: "nodejs", NODE_ENV: "production", VERCEL: "1", SMTP_URL: "smtp://127.0.0.1:9" });
    expect(refused.code).toBe(1);
    expect(refused.output).toContain("[web] cannot start: DATABASE_URL is not set: on Vercel the web app runs alone");
    expect(refused.output).not.toContain("web would start");
  }, 30_000);

  it("on Vercel with DATABASE_URL the web app starts", async () => {
    const started = await run(registerWeb, { NEXT_RUNTIME: "nodejs", NODE_ENV: "production", VERCEL: "1", SMTP_URL: "smtp://127.0.0.1:9", DATABASE_URL: "postgresql://app:secret@127.0.0.1:9/agentruntime" });
    expect(started.output).toContain("web would start");
    expect(started.code).toBe(0);
  }, 30_000);
});
