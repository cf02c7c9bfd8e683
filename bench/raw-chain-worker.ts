// The baseline for bench/runs.ts: plain pg-boss, 3 chained no-op jobs per "run" (chain-1 sends
// chain-2, which sends chain-3), consumed with the same fetch settings as the run worker.
import { PgBoss, type Job } from "pg-boss";
import { CHAIN } from "./chain";

async function main(): Promise<void> {
  const boss = new PgBoss({ connectionString: process.env.DATABASE_URL!, schema: "pgboss", max: 8, supervise: true, schedule: false, useListenNotify: true, openTelemetry: { enabled: false } });
  boss.on("error", (err) => console.error(`[raw-worker] ${err.message}`));
  await boss.start();
  // The run worker's defaults and environment (lib/runs/engine/run-worker.ts).
  const int = (name: string, fallback: number) => Math.max(1, Math.floor(Number(process.env[name] ?? fallback)) || fallback);
  const opts = { batchSize: int("RUN_WORKER_BATCH_SIZE", 8), localConcurrency: int("RUN_WORKER_CONCURRENCY", 4), burstWhenBatchFull: true, pollingIntervalSeconds: 1, notifyPollingIntervalSeconds: 1 } as const;
  for (const [i, name] of CHAIN.entries()) {
    const next = CHAIN[i + 1];
    await boss.work<{ n: number }>(name, opts, async (jobs: Job<{ n: number }>[]) => {
      if (next) await boss.insert(next, jobs.map((j) => ({ data: j.data })));
    });
  }
  console.log("ready");
  const stop = async () => {
    await boss.stop({ graceful: true, timeout: 5000 });
    process.exit(0);
  };
  process.on("SIGTERM", () => void stop());
  process.on("SIGINT", () => void stop());
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
