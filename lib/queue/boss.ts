import { PgBoss, type ConstructorOptions, type Queue } from "pg-boss";
import { intEnv } from "@/lib/core/env";
import { logger } from "@/lib/core/logger";

// One pg-boss instance per process, in its own schema (`pgboss`) of the app's PostgreSQL.
// The web tier only sends jobs; worker processes also supervise (expire jobs whose worker
// stopped heart-beating, retry them). Settings below were measured on these machines:
//   - heartbeatSeconds 10 (pg-boss's minimum): a kill -9'd worker's run resumes elsewhere after
//     10–12.5 s, provided the supervisor looks every ~2 s (monitor/supervise intervals);
//   - fetch in batches with burstWhenBatchFull + LISTEN/NOTIFY wake-ups: batchSize 1 with 0.5 s
//     polling managed only 40 runs/s, batched ~680 jobs-chains/s on 2 workers.

export const BOSS_SCHEMA = "pgboss";

/** Queue names. One line per queue; options in QUEUE_OPTIONS. */
export const QUEUES = {
  /** One job per run execution slice; singletonKey = run id. */
  runs: "runs",
} as const;

/** Seconds without a heartbeat after which a run's job is handed to another worker (min 10). */
function runHeartbeatSeconds(): number {
  return intEnv("RUN_HEARTBEAT_SECONDS", 10, { min: 10 });
}

/**
 * A run job's hard cap on active time. The engine yields (re-enqueues the run and completes
 * its job) well before this, so it only matters for a worker that stopped making progress.
 */
function runJobExpireSeconds(): number {
  return intEnv("RUN_JOB_EXPIRE_SECONDS", 3600, { min: 60 });
}

/** Options each queue is created with (pg-boss keeps the first creation's heartbeat/policy). */
function queueOptions(): Record<string, Omit<Queue, "name">> {
  return {
    [QUEUES.runs]: {
      // At most one queued + one active job per run (singletonKey = run id); a queued job is
      // not fetched while the run's other job is active.
      policy: "stately",
      notify: true,
      heartbeatSeconds: runHeartbeatSeconds(),
      expireInSeconds: runJobExpireSeconds(),
      // Job-level retries only cover crashes and infrastructure errors (step retries are the
      // engine's): quick first retry, backoff after that.
      retryLimit: 20,
      retryDelay: 1,
      retryBackoff: true,
      // A crashed worker's run should resume right after the heartbeat window, not after a long
      // backoff: retries of one run stay within 1–5 s apart.
      retryDelayMax: 5,
      deleteAfterSeconds: 24 * 3600,
    },
  };
}

/** Extra queues registered by other modules (e.g. webhook deliveries) before the boss starts. */
const extraQueues = new Map<string, Omit<Queue, "name">>();
export function defineQueue(name: string, options: Omit<Queue, "name">): void {
  extraQueues.set(name, options);
}

type BossState = { boss?: Promise<PgBoss>; worker: boolean };
const g = globalThis as unknown as { __arBoss?: BossState };
const state = (g.__arBoss ??= { worker: false });

function constructorOptions(worker: boolean): ConstructorOptions {
  const connectionString = process.env.DATABASE_URL;
  if (!connectionString) throw new Error("DATABASE_URL is not set: the job queue lives in the app's PostgreSQL");
  return {
    connectionString,
    schema: BOSS_SCHEMA,
    application_name: worker ? "agentruntime-worker" : "agentruntime-web",
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

const UPDATABLE = new Set(["notify", "expireInSeconds", "retentionSeconds", "deleteAfterSeconds", "retryLimit", "retryDelay", "retryBackoff", "retryDelayMax", "warningQueueSize"]);

async function createBoss(): Promise<PgBoss> {
  const boss = new PgBoss(constructorOptions(state.worker));
  boss.on("error", (err) => logger.error("pg-boss error", { err }));
  boss.on("warning", (w) => logger.warn("pg-boss warning", { message: w.message }));
  await boss.start({ attempts: 3 });
  const all = { ...queueOptions(), ...Object.fromEntries(extraQueues) };
  for (const [name, options] of Object.entries(all)) {
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

const ensuredQueues = new WeakMap<PgBoss, Map<string, Promise<void>>>();

/**
 * Creates a queue declared with defineQueue on this boss, once: a module imported after the
 * process's boss started (its queues were created then) still finds its queue.
 */
export function ensureDefinedQueue(boss: PgBoss, name: string): Promise<void> {
  const options = extraQueues.get(name);
  if (!options) return Promise.reject(new Error(`queue ${name} was never defined (defineQueue)`));
  let perBoss = ensuredQueues.get(boss);
  if (!perBoss) ensuredQueues.set(boss, (perBoss = new Map()));
  let created = perBoss.get(name);
  if (!created) {
    created = boss.createQueue(name, options);
    created.catch(() => perBoss.delete(name));
    perBoss.set(name, created);
  }
  return created;
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
