import { createHash } from "node:crypto";
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

const NAMESPACE = 0x52554e; // "RUN": keeps these keys apart from other advisory locks of the app

/** The two int4 keys of a run's advisory lock (the second kept non-negative to compare as oid). */
export function runLockKeys(runId: string): [number, number] {
  const h = createHash("sha1").update(runId).digest();
  return [NAMESPACE, h.readUInt32BE(0) & 0x7fffffff];
}

export type RunLock = { runId: string; pid: number; keys: [number, number] };

function idleTimeoutMs(): number {
  return numberEnv("RUN_LOCK_IDLE_TIMEOUT_MS", 30_000, { min: 1000 });
}

class RunLocker {
  #client: Promise<{ client: pg.Client; pid: number }> | null = null;
  #ping: NodeJS.Timeout | null = null;
  #held = new Set<string>();
  // Queries on one connection run one at a time anyway; chaining them keeps errors per call.
  #queue: Promise<unknown> = Promise.resolve();

  #connect(): Promise<{ client: pg.Client; pid: number }> {
    if (!this.#client) {
      const client = new pg.Client({ connectionString: process.env.DATABASE_URL, application_name: `agentruntime-run-locks:${process.pid}` });
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
      ready.catch(() => this.#drop(ready));
    }
    return this.#client;
  }

  #drop(which: Promise<unknown>): void {
    if (this.#client !== which) return;
    this.#client = null;
    if (this.#ping) clearInterval(this.#ping);
    this.#ping = null;
    // Whatever this process held is gone with the session; the fence check will notice.
    this.#held.clear();
  }

  #run<T>(fn: (c: pg.Client) => Promise<T>): Promise<T> {
    const next = this.#queue.then(async () => fn((await this.#connect()).client));
    this.#queue = next.catch(() => {});
    return next;
  }

  /** Takes the run's lock, or returns null when another worker (or this one) holds it. */
  async tryLock(runId: string): Promise<RunLock | null> {
    if (this.#held.has(runId)) return null;
    const keys = runLockKeys(runId);
    const { pid } = await this.#connect();
    const ok = await this.#run(async (c) => (await c.query<{ ok: boolean }>("SELECT pg_try_advisory_lock($1, $2) AS ok", keys)).rows[0].ok);
    if (!ok) return null;
    this.#held.add(runId);
    return { runId, pid, keys };
  }

  async unlock(lock: RunLock): Promise<void> {
    if (!this.#held.delete(lock.runId)) return;
    const current = await this.#client?.catch(() => null);
    // A lock taken on a connection that has since died is already released.
    if (!current || current.pid !== lock.pid) return;
    await this.#run((c) => c.query("SELECT pg_advisory_unlock($1, $2)", lock.keys)).catch((err) => logger.warn("run unlock failed", { err }));
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
export const FENCE_SQL = `EXISTS (SELECT 1 FROM pg_locks l WHERE l.locktype = 'advisory' AND l.granted AND l.pid = $2 AND l.classid = $3::int::oid AND l.objid = $4::bigint::oid AND l.objsubid = 2)`;
