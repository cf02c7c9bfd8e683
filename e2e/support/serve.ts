// The e2e web server: a fresh embedded PostgreSQL in .data/e2e/pg, then the app started
// the way users start it (`npm start`: migrations, build when stale, `next start`) with
// DATABASE_URL pointing at it. Playwright runs this as `webServer` and SIGTERMs it at the
// end; the launcher stops first, then the database.
import { spawn } from "node:child_process";
import { rmSync } from "node:fs";
import path from "node:path";
import { startEmbeddedPostgres } from "../../lib/server/embedded-postgres";
import { appEnv, E2E_DIR, E2E_PG_PORT, ROOT } from "./env";
import { oauthConnectionsEnv } from "./fake-oauth-server";
import { stripeE2eEnv } from "../../test/support/fake-stripe";

async function main() {
  rmSync(path.join(E2E_DIR, "pg"), { recursive: true, force: true });
  const pg = await startEmbeddedPostgres({ dataDir: path.join(E2E_DIR, "pg"), port: E2E_PG_PORT, ephemeral: true, log: (l) => console.log(`[e2e-pg] ${l}`) });
  const app = spawn("npm", ["start"], { cwd: ROOT, stdio: "inherit", env: { ...process.env, ...appEnv(), ...oauthConnectionsEnv(), ...stripeE2eEnv(), LLM_BASE_URL_ALLOWLIST: "127.0.0.1", CONNECTIONS_ALLOWED_HOSTS: "127.0.0.1", WEBHOOK_ALLOWED_HOSTS: "127.0.0.1", DATABASE_URL: pg.url } });
  let stopping = false;
  const stop = async (code: number) => {
    if (stopping) return;
    stopping = true;
    if (app.exitCode === null && app.signalCode === null) {
      app.kill("SIGTERM");
      await new Promise((r) => app.once("exit", r));
    }
    await pg.stop();
    process.exit(code);
  };
  app.on("exit", (code) => void stop(code ?? 1));
  for (const sig of ["SIGINT", "SIGTERM"] as const) process.on(sig, () => void stop(0));
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
