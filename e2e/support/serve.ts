// The e2e web server: the app started the way a newcomer starts it, `npm start` with no
// DATABASE_URL and no SMTP_URL (local mode: the launcher's own embedded PostgreSQL, here in
// .data/e2e/pg and wiped first, migrations, a build when stale, `next start` and a worker;
// mail in the development outbox). Playwright runs this as `webServer` and SIGTERMs it at the
// end; the launcher stops its processes, then the database.
import { spawn } from "node:child_process";
import { rmSync } from "node:fs";
import path from "node:path";
import { appEnv, E2E_DIR, ROOT } from "./env";
import { oauthConnectionsEnv } from "./fake-oauth-server";
import { stripeE2eEnv } from "../../test/support/fake-stripe";

function main() {
  rmSync(path.join(E2E_DIR, "pg"), { recursive: true, force: true });
  rmSync(path.join(E2E_DIR, "mail"), { recursive: true, force: true });
  const env: NodeJS.ProcessEnv = { ...process.env, ...appEnv(), ...oauthConnectionsEnv(), ...stripeE2eEnv(), EGRESS_ALLOWED_HOSTS: "127.0.0.1" };
  for (const name of ["DATABASE_URL", "SMTP_URL", "APP_URL", "NODE_ENV"]) delete env[name];
  const app = spawn("npm", ["start"], { cwd: ROOT, stdio: "inherit", env });
  let stopping = false;
  const stop = async (code: number) => {
    if (stopping) return;
    stopping = true;
    if (app.exitCode === null && app.signalCode === null) {
      app.kill("SIGTERM");
      await new Promise((r) => app.once("exit", r));
    }
    process.exit(code);
  };
  app.on("exit", (code) => void stop(code ?? 1));
  for (const sig of ["SIGINT", "SIGTERM"] as const) process.on(sig, () => void stop(0));
}

main();
