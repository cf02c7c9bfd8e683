// `npm run worker`: a background worker (runs, and every consumer in worker/registrations.ts).
// `npm start` runs one beside the web app; start more for scale-out, on this machine or others
// pointed at the same DATABASE_URL. Without DATABASE_URL it joins the embedded PostgreSQL of a
// running `npm start`.
//
// SIGTERM / SIGINT: no new job is fetched; in-flight steps get WORKER_SHUTDOWN_TIMEOUT_MS
// (default 10 s, below the launcher's 15 s kill; less up to 2 s kept for closing connections) to
// finish, then their jobs go back to the queue and another worker resumes them from their last
// checkpoint. The process exits within WORKER_SHUTDOWN_TIMEOUT_MS.
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";
import { ensureSecrets } from "../scripts/launcher/dev-secrets";
import { embeddedPgDir } from "../scripts/launcher/embedded-postgres";
import { LOCAL_MODE_ENV, mailConfigProblem } from "../lib/core/local-mode";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
process.chdir(root);

async function embeddedUrl(): Promise<string> {
  const passwordFile = path.join(embeddedPgDir(), ".agentruntime-password");
  const port = Number(process.env.EMBEDDED_PG_PORT ?? 54329);
  if (existsSync(passwordFile)) {
    const password = readFileSync(passwordFile, "utf8").trim();
    const url = `postgresql://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/agentruntime`;
    const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 1500 });
    try {
      await client.connect();
      await client.end();
      return url;
    } catch {
      // not running: fall through
    }
  }
  throw new Error("no DATABASE_URL and no running embedded PostgreSQL: start `npm start` first, or set DATABASE_URL");
}

async function main(): Promise<void> {
  ensureSecrets({ production: process.env.NODE_ENV === "production" && !!process.env.DATABASE_URL });
  if (!process.env.DATABASE_URL) {
    // Joining the embedded PostgreSQL of a running `npm start`: local mode, like it.
    process.env.DATABASE_URL = await embeddedUrl();
    process.env[LOCAL_MODE_ENV] = "1";
  }
  // Workers deliver the mail: without a way to send it they must not start.
  const mailProblem = mailConfigProblem();
  if (mailProblem) throw new Error(mailProblem);
  // Imported late: these modules read DATABASE_URL.
  const { startWorker } = await import("./start-worker");
  const { runLocker } = await import("../lib/runs/engine/run-lock");
  const { db } = await import("../lib/db/client");
  const { logger } = await import("../lib/core/logger");
  const { flushTracing, startTracing } = await import("../lib/telemetry/tracing");
  const { traceOutboundHttp } = await import("../lib/telemetry/outbound-tracing");
  const { startWorkerMetrics } = await import("./metrics");

  if (await startTracing("agentruntime-worker")) await traceOutboundHttp();
  const worker = await startWorker();
  const metricsServer = await startWorkerMetrics();
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    const timeoutMs = Math.max(2_000, Number(process.env.WORKER_SHUTDOWN_TIMEOUT_MS ?? 10_000) || 10_000);
    // The whole shutdown fits in timeoutMs: jobs get all but the last part, closing connections
    // the rest. At the deadline the process exits whatever is still open (PostgreSQL rolls back an
    // unfinished transaction); 0 if the in-flight jobs had finished or been handed back by then.
    const closeReserveMs = Math.min(2_000, timeoutMs / 4);
    let handedBack = false;
    setTimeout(() => {
      logger.warn("worker shutdown reached WORKER_SHUTDOWN_TIMEOUT_MS; exiting", { timeoutMs, jobsHandedBack: handedBack });
      process.exit(handedBack ? 0 : 1);
    }, timeoutMs).unref();
    logger.info("worker stopping", { signal, timeoutMs });
    try {
      await worker.stop({ timeoutMs: timeoutMs - closeReserveMs });
      handedBack = true;
      await runLocker().close();
      await db.$disconnect();
      await metricsServer?.close();
      await flushTracing();
      process.exit(0);
    } catch (err) {
      logger.error("worker shutdown failed", { err });
      process.exit(1);
    }
  };
  for (const sig of ["SIGTERM", "SIGINT"] as const) process.on(sig, () => void shutdown(sig));
}

main().catch((err: unknown) => {
  console.error(`[worker] ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
