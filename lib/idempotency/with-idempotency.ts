import "server-only";
import { createHash } from "node:crypto";
import { asJson } from "@/lib/db/json";
import { db, type Tx } from "@/lib/db/client";
import { ApiError } from "@/lib/core/errors";
import { logger } from "@/lib/core/logger";
import { idempotencyLocks } from "./key-locks";

// Idempotency-Key handling (Stripe's model): the first request with a key claims it by
// inserting the row (status null = in flight); its result is stored and replayed to every
// later request with the same key and the same body for 24 h. The same key with another body
// is a client bug (422). A duplicate that arrives while the first is still running waits for
// its result (short, bounded polling) and gets 409 if it is still in flight after that.
// Thrown errors are not stored: the claim is released, so the client may retry the key.
// The request executing a key holds the key's advisory lock (./key-locks.ts) from before its
// claim until its result is stored: a claim without a result whose lock is free belongs to a
// process that died mid-request, and the client's retry takes it over at once.

const IDEMPOTENCY_TTL_MS = 24 * 3600 * 1000;
const CLEANUP_EVERY_MS = 60_000;

type IdempotencyRequest = {
  workspaceId: string;
  /** What the key is scoped to beyond the workspace, e.g. `runs.create:<workflowId>`, `inbound:<subscriptionId>`. */
  scope: string;
  /** The client's Idempotency-Key; null/undefined runs `fn` without any idempotency. */
  key: string | null | undefined;
  /** Hash of what makes two requests "the same" (see hashRequest). */
  requestHash: string;
};

type IdempotentResult = { status: number; body: unknown };
export type IdempotencyOutcome = IdempotentResult & { replayed: boolean };
/**
 * Stores the answer inside the transaction that commits the request's effect, so the two commit
 * together: a process killed between them would otherwise leave an effect whose key a retry
 * takes over and executes again (a second run). Optional; without it the answer is stored after `fn`.
 */
export type SettleIn = (tx: Tx, result: IdempotentResult) => Promise<void>;

type Options = { waitMs?: number };

const KEY_PATTERN = /^[\x21-\x7e]{1,255}$/;

/** Checks an Idempotency-Key header's value (printable ASCII, ≤ 255 chars); null when absent. */
export function idempotencyKeyOf(raw: string | null): string | null {
  if (raw === null) return null;
  const key = raw.trim();
  if (!KEY_PATTERN.test(key)) {
    throw new ApiError("invalid_request", "The Idempotency-Key header must be 1–255 printable ASCII characters", {
      details: [{ path: "Idempotency-Key", message: "1–255 printable ASCII characters" }],
    });
  }
  return key;
}

/** A stable SHA-256 of a JSON value: object keys sorted, so key order does not matter. */
export function hashRequest(value: unknown): string {
  return createHash("sha256").update(canonicalJson(value)).digest("hex");
}

function canonicalJson(value: unknown): string {
  if (value === undefined) return "null";
  if (value === null || typeof value !== "object") return JSON.stringify(typeof value === "bigint" ? value.toString() : value);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`;
}

type Row = { requestHash: string; status: number | null; response: unknown };

/**
 * Inserts the claim, or takes over an expired or abandoned one; called with the key's lock held,
 * so a claim without a result is abandoned (its request's process died). True when this request owns the key.
 */
async function claim(req: IdempotencyRequest & { key: string }): Promise<boolean> {
  const expiresAt = new Date(Date.now() + IDEMPOTENCY_TTL_MS);
  const rows = await db.$queryRaw<{ key: string }[]>`
    INSERT INTO "IdempotencyKey" ("workspaceId", scope, key, "requestHash", status, response, "createdAt", "expiresAt")
    VALUES (${req.workspaceId}, ${req.scope}, ${req.key}, ${req.requestHash}, NULL, NULL, now(), ${expiresAt})
    ON CONFLICT ("workspaceId", scope, key) DO UPDATE
      SET "requestHash" = EXCLUDED."requestHash", status = NULL, response = NULL, "createdAt" = now(), "expiresAt" = EXCLUDED."expiresAt"
      WHERE "IdempotencyKey"."expiresAt" <= now() OR "IdempotencyKey".status IS NULL
    RETURNING key`;
  return rows.length === 1;
}

async function read(req: IdempotencyRequest & { key: string }): Promise<Row | null> {
  return db.idempotencyKey.findFirst({
    where: { workspaceId: req.workspaceId, scope: req.scope, key: req.key, expiresAt: { gt: new Date() } },
    select: { requestHash: true, status: true, response: true },
  });
}

function mismatch(): ApiError {
  return new ApiError("invalid_request", "This Idempotency-Key was already used with a different request body", {
    details: [{ path: "Idempotency-Key", message: "Reused with a different request" }],
  });
}

let lastCleanup = 0;
/** Deletes a batch of expired keys, at most once a minute per process (expired rows are already ignored). */
function cleanupExpired(): void {
  if (Date.now() - lastCleanup < CLEANUP_EVERY_MS) return;
  lastCleanup = Date.now();
  db.$executeRaw`DELETE FROM "IdempotencyKey" WHERE ctid IN (SELECT ctid FROM "IdempotencyKey" WHERE "expiresAt" <= now() LIMIT 1000)`.catch((err: unknown) =>
    logger.warn("idempotency cleanup failed", { err }),
  );
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Runs `fn` at most once per (workspace, scope, key) within 24 h and replays its result.
 * Waits up to `waitMs` (default 5 s) for a concurrent first request before answering 409.
 */
export async function withIdempotency(req: IdempotencyRequest, fn: (settleIn: SettleIn) => Promise<IdempotentResult>, opts: Options = {}): Promise<IdempotencyOutcome> {
  if (!req.key) return { ...(await fn(async () => {})), replayed: false };
  const keyed = { ...req, key: req.key };
  cleanupExpired();
  const deadline = Date.now() + (opts.waitMs ?? 5_000);
  let delay = 20;
  for (;;) {
    const lock = await idempotencyLocks().tryLock([req.workspaceId, req.scope, req.key]);
    if (lock) {
      try {
        if (await claim(keyed)) return { ...(await execute(keyed, fn)), replayed: false };
      } finally {
        await idempotencyLocks().unlock(lock);
      }
    }
    const row = await read(keyed);
    if (row) {
      if (row.requestHash !== req.requestHash) throw mismatch();
      if (row.status !== null) return { status: row.status, body: row.response, replayed: true };
    }
    // In flight in a live request (or released/expired between the statements: try again).
    if (Date.now() >= deadline) {
      throw new ApiError("conflict", "A request with this Idempotency-Key is still being processed; retry shortly", { headers: { "Retry-After": "1" } });
    }
    await sleep(delay + Math.floor(Math.random() * delay));
    delay = Math.min(delay * 2, 250);
  }
}

async function execute(req: IdempotencyRequest & { key: string }, fn: (settleIn: SettleIn) => Promise<IdempotentResult>): Promise<IdempotentResult> {
  const where = { workspaceId_scope_key: { workspaceId: req.workspaceId, scope: req.scope, key: req.key } };
  const store = (tx: Tx, r: IdempotentResult) => tx.idempotencyKey.update({ where, data: { status: r.status, response: asJson(r.body ?? {}) } });
  let settled = false;
  let result: IdempotentResult;
  try {
    result = await fn(async (tx, r) => {
      await store(tx, r);
      settled = true;
    });
  } catch (err) {
    // A result settled in a committed transaction stays (status set): a retry replays it.
    await db.idempotencyKey.deleteMany({ where: { workspaceId: req.workspaceId, scope: req.scope, key: req.key, status: null } }).catch(() => undefined);
    throw err;
  }
  if (!settled) await store(db, result);
  return result;
}
