import { PgBoss, type ConstructorOptions } from "pg-boss";
import { PROCESS_INSTANCE } from "@/lib/core/process-instance";
import { intEnv } from "@/lib/core/env";
import { logger } from "@/lib/core/logger";
import { PreparingClient } from "./prepared-statements";
import { queueOptions } from "./queues";

// One pg-boss instance per process, in its own schema (`pgboss`) of the app's PostgreSQL.
// The web tier only sends jobs; worker processes also supervise (expire jobs whose worker
// stopped heart-beating, retry them). Settings below were measured on these machines:
//   - heartbeatSeconds 10 (pg-boss's minimum): a kill -9'd worker's run resumes elsewhere after
//     10–12.5 s, provided the supervisor looks every ~2 s (monitor/supervise intervals);
//   - fetch in batches with burstWhenBatchFull + LISTEN/NOTIFY wake-ups: batchSize 1 with 0.5 s
//     polling managed only 40 runs/s, batched ~680 jobs-chains/s on 2 workers.

export const BOSS_SCHEMA = "pgboss";

/**
 * A worker's pg-boss connections are named WORKER_APPLICATION_PREFIX + PROCESS_INSTANCE (its pid and a random part), so the claim of a
 * run job names the process that fetched it (lib/runs/engine/run-claims.ts).
 */
export const WORKER_APPLICATION_PREFIX = "agentruntime-worker:";

type BossState = { boss?: Promise<PgBoss>; worker: boolean };
const g = globalThis as unknown as { __arBoss?: BossState };
const state = (g.__arBoss ??= { worker: false });

function constructorOptions(worker: boolean): ConstructorOptions {
  const connectionString = process.env.DATABASE_URL;
  if (!connectionString) throw new Error("DATABASE_URL is not set: the job queue lives in the app's PostgreSQL");
  return {
    connectionString,
    schema: BOSS_SCHEMA,
    application_name: worker ? `${WORKER_APPLICATION_PREFIX}${PROCESS_INSTANCE}` : "agentruntime-web",
    max: intEnv(worker ? "WORKER_BOSS_POOL_MAX" : "BOSS_POOL_MAX", worker ? 8 : 3),
    // Only workers supervise (expiry, heartbeat failures, retention); producers just send.
    supervise: worker,
    schedule: false,
    superviseIntervalSeconds: intEnv("BOSS_SUPERVISE_SECONDS", 2),
    monitorIntervalSeconds: intEnv("BOSS_MONITOR_SECONDS", 2),
    useListenNotify: worker,
    registerInstance: worker,
    instanceName: worker ? "worker" : "web",
    openTelemetry: { enabled: false },
    // pg-boss hands its options to pg.Pool, which takes the client class from `Client`: repeated
    // statements go out prepared (prepared-statements.ts).
    ...({ Client: PreparingClient } as object),
  };
}

/**
 * Marks this process as a worker (supervising, listening for new jobs). Must be called before
 * the first getBoss(); the worker process and the in-process test worker do.
 */
export function configureBossAsWorker(): void {
  if (state.boss && !state.worker) throw new Error("configureBossAsWorker() must run before the first getBoss() (or after stopBoss())");
  state.worker = true;
}

const UPDATABLE = new Set(["notify", "heartbeatSeconds", "expireInSeconds", "retentionSeconds", "deleteAfterSeconds", "retryLimit", "retryDelay", "retryBackoff", "retryDelayMax", "warningQueueSize"]);

async function createBoss(): Promise<PgBoss> {
  const boss = new PgBoss(constructorOptions(state.worker));
  boss.on("error", (err) => logger.error("pg-boss error", { err }));
  boss.on("warning", (w) => logger.warn("pg-boss warning", { message: w.message }));
  await boss.start({ attempts: 3 });
  for (const [name, options] of Object.entries(queueOptions())) {
    await boss.createQueue(name, options);
    // createQueue keeps an existing queue as it was; bring the settings that may change up to date.
    const updatable = Object.fromEntries(Object.entries(options).filter(([k]) => UPDATABLE.has(k)));
    if (Object.keys(updatable).length) await boss.updateQueue(name, updatable);
  }
  return boss;
}

/** The process's pg-boss, started on first use (schema installed/migrated, queues created). */
export function getBoss(): Promise<PgBoss> {
  if (!state.boss) {
    state.boss = createBoss();
    // A failed start must not be cached: the next call tries again.
    state.boss.catch(() => {
      state.boss = undefined;
    });
  }
  return state.boss;
}

/**
 * Stops the process's pg-boss. graceful: workers stop fetching, in-flight handlers get up to
 * `timeoutMs` to finish; whatever is still active afterwards is retried by another worker.
 */
export async function stopBoss(opts: { graceful?: boolean; timeoutMs?: number } = {}): Promise<void> {
  const pending = state.boss;
  state.boss = undefined;
  if (!pending) return;
  const boss = await pending.catch(() => null);
  if (!boss) return;
  await boss.stop({ graceful: opts.graceful ?? true, timeout: opts.timeoutMs ?? 30_000, close: true });
  // The next getBoss() in this process (a test sending jobs after its worker stopped) is a producer again.
  state.worker = false;
}

/** Jobs of these queues created in the last `withinSeconds` and not finished yet (created, retry or active). */
export async function countPendingJobs(names: string[], withinSeconds: number): Promise<number> {
  const sql = (await getBoss()).getDb();
  let total = 0;
  for (const name of names) {
    const queue = await sql.executeSql(`SELECT table_name FROM ${BOSS_SCHEMA}.queue WHERE name = $1`, [name]);
    const table = (queue.rows[0] as { table_name?: string } | undefined)?.table_name;
    if (!table || !/^[a-z0-9_]+$/i.test(table)) continue;
    const pending = await sql.executeSql(
      `SELECT count(*)::int AS n FROM ${BOSS_SCHEMA}."${table}" WHERE name = $1 AND state < 'completed' AND created_on > now() - make_interval(secs => $2)`,
      [name, withinSeconds],
    );
    total += (pending.rows[0] as { n: number }).n;
  }
  return total;
}
