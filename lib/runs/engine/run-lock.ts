import { createHash } from "node:crypto";
import { PROCESS_INSTANCE } from "@/lib/core/process-instance";
import pg from "pg";
import { numberEnv } from "@/lib/core/env";
import { logger } from "@/lib/core/logger";

// Who may execute a run: whoever holds its PostgreSQL advisory lock. pg-boss alone cannot
// promise that: a worker that stalls (GC pause, SIGSTOP, network hiccup) stops heart-beating,
// its job is handed to another worker, and the stalled one may wake up and keep writing.
//
// Each worker process holds the session-level locks of all the runs it executes on ONE
// dedicated connection (not one per run: a connection per run would cost a backend fork per
// run and exhaust max_connections). Fencing: every checkpoint transaction checks, in the same
// statement that locks the Run row, that this connection (its backend pid) still holds the
// run's lock in pg_locks. If the connection died, PostgreSQL released the locks, another worker
// may own the run now, and the stale writer's transaction writes nothing.
//
// A worker that is alive but frozen keeps its TCP connection, and so its locks. The lock
// connection therefore runs with idle_session_timeout and pings itself while the process is
// healthy: a frozen process stops pinging, PostgreSQL ends the session after the timeout, and
// the run's next job takes over.

/** The lock connection's application_name is this + PROCESS_INSTANCE (the orphan sweep looks for it: run-claims.ts). */
export const LOCK_APPLICATION_PREFIX = "agentruntime-run-locks:";

/** "RUN": keeps these keys apart from other advisory locks of the app (the first int4 key of every run lock). */
export const LOCK_NAMESPACE = 0x52554e;
const NAMESPACE = LOCK_NAMESPACE;

/** The two int4 keys of a run's advisory lock (the second kept non-negative to compare as oid). */
export function runLockKeys(runId: string): [number, number] {
  const h = createHash("sha1").update(runId).digest();
  return [NAMESPACE, h.readUInt32BE(0) & 0x7fffffff];
}

export type RunLock = { runId: string; pid: number; keys: [number, number] };

function idleTimeoutMs(): number {
  return numberEnv("RUN_LOCK_IDLE_TIMEOUT_MS", 30_000, { min: 1000 });
}

/** One lock or unlock waiting for the lock connection's next round trip. */
type LockOp = { unlock: boolean; keys: [number, number]; resolve: (r: { ok: boolean; pid: number }) => void; reject: (err: unknown) => void };

// Every tryLock and unlock asked for while the connection is busy goes out in ONE statement, in
// the order asked (an unlock of a run before its lock again stays before it): a worker executing
// many runs would otherwise queue one round trip per call on its single lock connection.
const BATCH_SQL = `SELECT CASE WHEN t.unlock THEN pg_advisory_unlock(t.k1, t.k2) ELSE pg_try_advisory_lock(t.k1, t.k2) END AS ok
  FROM unnest($1::int[], $2::int[], $3::boolean[]) WITH ORDINALITY AS t(k1, k2, unlock, ord) ORDER BY t.ord`;

class RunLocker {
  #client: Promise<{ client: pg.Client; pid: number }> | null = null;
  #ping: NodeJS.Timeout | null = null;
  #held = new Set<string>();
  // Queries on one connection run one at a time anyway; chaining them keeps errors per call.
  #queue: Promise<unknown> = Promise.resolve();
  #ops: LockOp[] = [];
  #flushing = false;
  /** The backend pid of the live lock connection (null while there is none). */
  #pid: number | null = null;

  #connect(): Promise<{ client: pg.Client; pid: number }> {
    if (!this.#client) {
      const client = new pg.Client({ connectionString: process.env.DATABASE_URL, application_name: `${LOCK_APPLICATION_PREFIX}${PROCESS_INSTANCE}` });
      const ready = (async () => {
        await client.connect();
        const timeout = idleTimeoutMs();
        await client.query(`SET idle_session_timeout = ${Math.round(timeout)}`);
        const { rows } = await client.query<{ pid: number }>("SELECT pg_backend_pid() AS pid");
        this.#ping = setInterval(() => void this.#run((c) => c.query("SELECT 1")).catch(() => {}), Math.max(500, Math.floor(timeout / 3)));
        this.#ping.unref();
        return { client, pid: rows[0].pid };
      })();
      client.on("error", (err) => {
        logger.warn("run lock connection lost: runs of this worker lose their locks", { err });
        this.#drop(ready);
      });
      client.on("end", () => this.#drop(ready));
      this.#client = ready;
      ready.then(
        ({ pid }) => {
          if (this.#client === ready) this.#pid = pid;
        },
        () => this.#drop(ready),
      );
    }
    return this.#client;
  }

  #drop(which: Promise<unknown>): void {
    if (this.#client !== which) return;
    this.#client = null;
    this.#pid = null;
    if (this.#ping) clearInterval(this.#ping);
    this.#ping = null;
    // Whatever this process held is gone with the session; the fence check will notice.
    this.#held.clear();
  }

  #run<T>(fn: (c: pg.Client, pid: number) => Promise<T>): Promise<T> {
    const next = this.#queue.then(async () => {
      const { client, pid } = await this.#connect();
      return fn(client, pid);
    });
    this.#queue = next.catch(() => {});
    return next;
  }

  /** Queues a lock or unlock for the next batch; resolves with its result and the connection's backend pid. */
  #submit(unlock: boolean, keys: [number, number]): Promise<{ ok: boolean; pid: number }> {
    return new Promise((resolve, reject) => {
      this.#ops.push({ unlock, keys, resolve, reject });
      this.#flush();
    });
  }

  #flush(): void {
    if (this.#flushing || this.#ops.length === 0) return;
    this.#flushing = true;
    const ops = this.#ops.splice(0);
    this.#run(async (c, pid) => {
      const { rows } = await c.query<{ ok: boolean }>(BATCH_SQL, [ops.map((o) => o.keys[0]), ops.map((o) => o.keys[1]), ops.map((o) => o.unlock)]);
      return rows.map((r) => ({ ok: r.ok, pid }));
    })
      .then(
        (results) => ops.forEach((o, i) => o.resolve(results[i])),
        (err: unknown) => ops.forEach((o) => o.reject(err)),
      )
      .finally(() => {
        this.#flushing = false;
        this.#flush();
      });
  }

  /**
   * Opens the lock connection now rather than at the first run: a worker starting under load
   * would otherwise connect while its first jobs wait, unlocked, and look abandoned to the
   * orphan sweep of the others.
   */
  async connect(): Promise<void> {
    await this.#run(async () => {});
  }

  /** Takes the run's lock, or returns null when another worker (or this one) holds it. */
  async tryLock(runId: string): Promise<RunLock | null> {
    if (this.#held.has(runId)) return null;
    // Claimed before the round trip, so a second job of the same run in this process waits for nothing.
    this.#held.add(runId);
    const keys = runLockKeys(runId);
    let result: { ok: boolean; pid: number };
    try {
      result = await this.#submit(false, keys);
    } catch (err) {
      this.#held.delete(runId);
      throw err;
    }
    if (!result.ok) {
      this.#held.delete(runId);
      return null;
    }
    return { runId, pid: result.pid, keys };
  }

  async unlock(lock: RunLock): Promise<void> {
    if (!this.#held.delete(lock.runId)) return;
    // A lock taken on a connection that has since died is already released. Queued at once (no
    // await before it), so a tryLock of the same run asked for next goes out after it.
    if (this.#pid !== lock.pid) return;
    await this.#submit(true, lock.keys).catch((err: unknown) => logger.warn("run unlock failed", { err }));
  }

  async close(): Promise<void> {
    const current = this.#client;
    if (!current) return;
    this.#drop(current);
    const c = await current.catch(() => null);
    await c?.client.end().catch(() => {});
  }
}

const g = globalThis as unknown as { __arRunLocker?: RunLocker };
export function runLocker(): RunLocker {
  return (g.__arRunLocker ??= new RunLocker());
}

/** SQL fragment (for $queryRaw) true when `lock` is still held by its connection. */
export const FENCE_SQL = `(run_locks_held(ARRAY[$2::int], ARRAY[$3::int], ARRAY[$4::bigint]))[1]`;
