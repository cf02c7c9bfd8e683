import "server-only";
import { createHash } from "node:crypto";
import pg from "pg";
import { logger } from "@/lib/core/logger";

// Who is executing an Idempotency-Key right now: whoever holds its PostgreSQL advisory lock.
// The claim row alone cannot tell a request still in flight from one whose process was killed
// (kill -9, OOM, a crashed container): a client retrying after such a crash was told 409 "still
// being processed" until the claim aged out. The lock is held by a live session only: when the
// process dies, PostgreSQL drops its connection and the lock with it, and the retry takes over.
//
// Each process holds its keys' session-level locks on ONE dedicated connection (as the run
// engine's run locks do, lib/runs/engine/run-lock.ts), pinged while the process is healthy:
// a frozen process stops pinging and PostgreSQL ends the session after idle_session_timeout.

const NAMESPACE = 0x49444b; // "IDK": apart from the run locks and other advisory locks
const IDLE_TIMEOUT_MS = 30_000;

function lockKey(parts: string[]): number {
  return createHash("sha1").update(parts.join("\u0000")).digest().readUInt32BE(0) & 0x7fffffff;
}

export type KeyLock = { key: number; conn: Promise<pg.Client> };

class KeyLocks {
  #client: Promise<pg.Client> | null = null;
  #ping: NodeJS.Timeout | null = null;
  /** Keys held by this process: a session lock is re-entrant, so two requests here must not share one. */
  #held = new Set<number>();
  #queue: Promise<unknown> = Promise.resolve();

  #connect(): Promise<pg.Client> {
    if (!this.#client) {
      const client = new pg.Client({ connectionString: process.env.DATABASE_URL, application_name: `agentruntime-idempotency-locks:${process.pid}` });
      const ready = (async () => {
        await client.connect();
        await client.query(`SET idle_session_timeout = ${IDLE_TIMEOUT_MS}`);
        this.#ping = setInterval(() => void this.#run((c) => c.query("SELECT 1")).catch(() => {}), IDLE_TIMEOUT_MS / 3);
        this.#ping.unref();
        return client;
      })();
      client.on("error", (err) => {
        logger.warn("idempotency lock connection lost: keys in flight here may be taken over", { err });
        this.#drop(ready);
      });
      client.on("end", () => this.#drop(ready));
      ready.catch(() => this.#drop(ready));
      this.#client = ready;
    }
    return this.#client;
  }

  #drop(which: Promise<pg.Client>): void {
    if (this.#client !== which) return;
    this.#client = null;
    if (this.#ping) clearInterval(this.#ping);
    this.#ping = null;
    this.#held.clear();
  }

  #run<T>(fn: (c: pg.Client) => Promise<T>): Promise<T> {
    const next = this.#queue.then(async () => fn(await this.#connect()));
    this.#queue = next.catch(() => {});
    return next;
  }

  /** Takes the key's lock; null when a live request (here or in another process) holds it. */
  async tryLock(parts: string[]): Promise<KeyLock | null> {
    const key = lockKey(parts);
    if (this.#held.has(key)) return null;
    this.#held.add(key);
    try {
      const conn = this.#connect();
      const ok = await this.#run(async (c) => (await c.query<{ ok: boolean }>("SELECT pg_try_advisory_lock($1, $2) AS ok", [NAMESPACE, key])).rows[0].ok);
      if (!ok) this.#held.delete(key);
      return ok ? { key, conn } : null;
    } catch (err) {
      this.#held.delete(key);
      throw err;
    }
  }

  async unlock(lock: KeyLock): Promise<void> {
    // A lock taken on a connection that has since died is already released (and the key may be
    // held again, by another request, on the new connection).
    if (this.#client !== lock.conn || !this.#held.delete(lock.key)) return;
    await this.#run((c) => c.query("SELECT pg_advisory_unlock($1, $2)", [NAMESPACE, lock.key])).catch((err) => logger.warn("idempotency unlock failed", { err }));
  }
}

const g = globalThis as unknown as { __arIdempotencyLocks?: KeyLocks };
export function idempotencyLocks(): KeyLocks {
  return (g.__arIdempotencyLocks ??= new KeyLocks());
}
