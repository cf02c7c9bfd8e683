import type pg from "pg";
import { RUN_EVENTS_CHANNEL, type RunEventNotice } from "@/lib/runs/events";
import { publishRunEventNotices, runEventsViaRedis } from "@/lib/runs/run-event-bus";
import { canonicalParts, GENESIS_SQL, receiptStepOf } from "@/lib/runs/receipts/canonical-step";

// The gateway's writes for agent runs, shaped for its hot path: one statement to hold a call's
// worst case on its run before the call, and one round trip to commit a whole batch of
// finished calls after (usage records, steps, step events, ledger debits, run spend, the held
// credits), so concurrent calls share a commit (group commit) instead of paying one each.

export type Reservation = "held" | "token_revoked" | "run_finished" | "budget_exceeded";

/**
 * Holds `amount` on the run for a call about to be made, in one statement that also checks the
 * agent token is still live — so the call after a revocation is refused even before the
 * gateways' caches hear of it. Holds nothing unless it answers "held": the token is revoked or
 * expired, the run has ended (one waiting on a tool call's approval goes on: the agent may tell
 * its user), or the hold would pass its ceiling,
 * min(budget, creditHold).
 */
export async function reserveOnRun(pool: pg.Pool, run: { id: string; workspaceId: string }, tokenId: string, amount: bigint): Promise<Reservation> {
  // Named: each connection parses and plans it once.
  const res = await pool.query({
    name: "agent_hold",
    text: `UPDATE "Run" SET reserved = reserved + $4::bigint
      WHERE id = $1 AND "workspaceId" = $2 AND status IN ('running', 'waiting_approval') AND spent + reserved + $4::bigint <= LEAST(budget, "creditHold")
        AND EXISTS (SELECT 1 FROM "AgentToken" t WHERE t.id = $3 AND t."revokedAt" IS NULL AND (t."expiresAt" IS NULL OR t."expiresAt" > now()))
      RETURNING 1`,
    values: [run.id, run.workspaceId, tokenId, amount.toString()],
  });
  if (res.rowCount === 1) return "held";
  // The refusal path only: say why.
  const why = await pool.query<{ live: boolean | null; status: string | null }>(
    `SELECT (SELECT t."revokedAt" IS NULL AND (t."expiresAt" IS NULL OR t."expiresAt" > now()) FROM "AgentToken" t WHERE t.id = $2) AS live,
            (SELECT r.status::text FROM "Run" r WHERE r.id = $1) AS status`,
    [run.id, tokenId],
  );
  const row = why.rows[0];
  if (!row?.live) return "token_revoked";
  if (row.status !== "running" && row.status !== "waiting_approval") return "run_finished";
  return "budget_exceeded";
}

/** A finished call: its step, its usage record, and what it had held on its run. */
export type AgentCallRecord = {
  usageId: string;
  ledgerId: string;
  stepId: string;
  runId: string;
  workspaceId: string;
  projectId: string;
  /** Unique within the run: the step's node id and the usage record's idempotency key. */
  nodeId: string;
  nodeType: "llm" | "tool";
  status: "succeeded" | "failed";
  provider: string | null;
  model: string | null;
  keySource: "platform" | "workspace" | null;
  tokensIn: number;
  tokensOut: number;
  cost: bigint;
  charge: bigint;
  reserved: bigint;
  estimated: boolean;
  startedAt: Date;
  finishedAt: Date;
  stepInput: Record<string, unknown>;
  stepOutput: Record<string, unknown> | null;
  stepError: { code: string; message: string } | null;
};

// A batch is one transaction: the balance rows are locked first, in id order — the lock order of
// every credit-moving transaction — and then one statement writes the rest. A usage record that
// already exists (a replayed batch) makes its call a no-op everywhere: nothing else is written
// for it. That statement is prepared once per connection (PREPARE … / EXECUTE): parsing and
// planning it cost more than running it (~1 ms against ~0.2 ms for a batch of one). A prepared
// statement lives in its session, so the pool must connect to PostgreSQL directly (as the
// gateway's LISTEN already requires), not through a transaction-pooling proxy.
//
// Each step carries its receipt link (lib/runs/receipts/canonical-step.ts): hash =
// sha256(prevHash + canonical JSON). The canonical text is made in TypeScript, split around the
// seq (canonPre + seq + canonPost), since the seq is only known here; the links of a run's new
// steps are chained in seq order from the hash of its last step (a recursive CTE). The Run rows
// are locked by an earlier statement of the same message, so this statement's snapshot sees
// every step committed before it (the previous link) — reading them after taking the lock in
// this statement would not.
const BATCH_SQL = `
WITH RECURSIVE input AS (
  SELECT * FROM jsonb_to_recordset($1::jsonb) AS x(
    ord int, "usageId" text, "ledgerId" text, "stepId" text, "runId" text, "workspaceId" text, "projectId" text,
    "nodeId" text, "nodeType" text, status text, provider text, model text, "keySource" text,
    "tokensIn" int, "tokensOut" int, cost bigint, charge bigint, reserved bigint, estimated boolean,
    "startedAt" timestamptz, "finishedAt" timestamptz, "stepInput" jsonb, "stepOutput" jsonb, "stepError" jsonb,
    "attemptLog" jsonb, "latencyMs" int, "canonPre" text, "canonPost" text)
),
usage AS (
  INSERT INTO "UsageRecord" (id, "workspaceId", "projectId", "runId", "workflowId", "nodeId", attempt, kind, provider, model, "keySource",
                             "tokensIn", "tokensOut", cost, charge, estimated, "idempotencyKey", "createdAt")
  SELECT "usageId", "workspaceId", "projectId", "runId", NULL, "nodeId", 1, "nodeType", provider, model, "keySource",
         "tokensIn", "tokensOut", cost, charge, estimated, "runId" || ':' || "nodeId" || ':1:' || "nodeType", "finishedAt"
  FROM input
  ON CONFLICT ("idempotencyKey") DO NOTHING
  RETURNING id
),
fresh AS (SELECT i.* FROM input i JOIN usage u ON u.id = i."usageId"),
per_run AS (SELECT "runId", count(*)::int AS n, sum(reserved)::bigint AS res, sum(charge)::bigint AS chg FROM fresh GROUP BY "runId"),
runs AS (
  UPDATE "Run" r
     SET "lastStepSeq" = r."lastStepSeq" + p.n, "lastEventSeq" = r."lastEventSeq" + p.n,
         reserved = GREATEST(r.reserved - p.res, 0), spent = r.spent + p.chg, "updatedAt" = now()
    FROM per_run p
   WHERE r.id = p."runId"
  RETURNING r.id, r."workspaceId", r."lastStepSeq" - p.n AS seq0, r."lastEventSeq" - p.n AS ev0,
            LEAST(p.chg, GREATEST(r."creditHold" - (r.spent - p.chg), 0)) AS release
),
numbered AS (
  SELECT f.*, r.seq0 + row_number() OVER w AS seq, r.ev0 + row_number() OVER w AS evseq
    FROM fresh f JOIN runs r ON r.id = f."runId"
  WINDOW w AS (PARTITION BY f."runId" ORDER BY f.ord)
),
heads AS (
  SELECT r.id AS "runId", r.seq0,
         COALESCE((SELECT s.hash FROM "RunStep" s WHERE s."runId" = r.id AND s.seq <= r.seq0 ORDER BY s.seq DESC LIMIT 1), ${GENESIS_SQL("r.id")}) AS head
    FROM runs r
),
chain AS (
  SELECT n."stepId", n.seq, n."runId", h.head AS "prevHash",
         encode(sha256(convert_to(h.head || n."canonPre" || n.seq || n."canonPost", 'UTF8')), 'hex') AS hash
    FROM numbered n JOIN heads h ON h."runId" = n."runId" AND n.seq = h.seq0 + 1
  UNION ALL
  SELECT n."stepId", n.seq, n."runId", c.hash,
         encode(sha256(convert_to(c.hash || n."canonPre" || n.seq || n."canonPost", 'UTF8')), 'hex')
    FROM chain c JOIN numbered n ON n."runId" = c."runId" AND n.seq = c.seq + 1
),
steps AS (
  INSERT INTO "RunStep" (id, "workspaceId", "projectId", "runId", "nodeId", "nodeType", seq, status, attempts, "attemptLog",
                         input, output, error, "tokensIn", "tokensOut", cost, "latencyMs", "startedAt", "finishedAt", "prevHash", hash)
  SELECT n."stepId", n."workspaceId", n."projectId", n."runId", n."nodeId", n."nodeType", n.seq, n.status::"RunStepStatus", 1, n."attemptLog",
         n."stepInput", n."stepOutput", n."stepError", n."tokensIn", n."tokensOut", n.cost, n."latencyMs", n."startedAt", n."finishedAt", c."prevHash", c.hash
    FROM numbered n JOIN chain c ON c."stepId" = n."stepId"
  RETURNING 1
),
events AS (
  INSERT INTO "RunEvent" ("runId", seq, "workspaceId", "projectId", type, "nodeId", data, "createdAt")
  SELECT "runId", evseq, "workspaceId", "projectId", CASE WHEN status = 'succeeded' THEN 'step.succeeded' ELSE 'step.failed' END, "nodeId",
         jsonb_build_object('nodeType', "nodeType", 'model', model, 'tokensIn', "tokensIn", 'tokensOut', "tokensOut",
                            'cost', cost, 'charge', charge, 'estimated', estimated, 'error', "stepError"),
         "finishedAt"
    FROM numbered
  RETURNING "runId", seq, "workspaceId", "projectId", type
),
per_ws AS (SELECT "workspaceId", sum(charge)::bigint AS chg FROM fresh WHERE charge > 0 GROUP BY "workspaceId"),
rel AS (SELECT "workspaceId", sum(release)::bigint AS rel FROM runs GROUP BY "workspaceId"),
bal AS (
  UPDATE "WorkspaceBalance" b
     SET balance = b.balance - w.chg, held = GREATEST(b.held - COALESCE(rel.rel, 0), 0), "updatedAt" = now()
    FROM per_ws w LEFT JOIN rel ON rel."workspaceId" = w."workspaceId"
   WHERE b."workspaceId" = w."workspaceId"
  RETURNING b."workspaceId", b.balance + w.chg AS before
),
ledger AS (
  INSERT INTO "LedgerEntry" (id, "workspaceId", kind, amount, "balanceAfter", "sourceType", "sourceId", "projectId", "workflowId", "runId", model, description, "createdAt")
  SELECT f."ledgerId", f."workspaceId", 'usage', -f.charge, b.before - sum(f.charge) OVER (PARTITION BY f."workspaceId" ORDER BY f.ord),
         'usage_record', f."usageId", f."projectId", NULL, f."runId", f.model, f."nodeType" || ' usage', f."finishedAt"
    FROM fresh f JOIN bal b ON b."workspaceId" = f."workspaceId"
   WHERE f.charge > 0
  RETURNING 1
)
SELECT "runId", "workspaceId", "projectId", seq, type,
       CASE WHEN $2 THEN NULL ELSE pg_notify('${RUN_EVENTS_CHANNEL}', json_build_object('runId', "runId", 'workspaceId', "workspaceId", 'projectId', "projectId", 'seq', seq, 'type', type)::text) END AS notified
  FROM (SELECT * FROM events ORDER BY "runId", seq) e`;

/** The step row a record becomes, but for its seq (assigned in SQL). */
function stepOf(r: AgentCallRecord) {
  const latencyMs = r.finishedAt.getTime() - r.startedAt.getTime();
  const attemptLog = [{ attempt: 1, startedAt: r.startedAt.toISOString(), finishedAt: r.finishedAt.toISOString(), latencyMs }];
  const step = receiptStepOf({
    seq: 0,
    nodeId: r.nodeId,
    nodeType: r.nodeType,
    status: r.status,
    attempts: 1,
    attemptLog,
    input: r.stepInput,
    output: r.stepOutput,
    error: r.stepError,
    tokensIn: r.tokensIn,
    tokensOut: r.tokensOut,
    cost: r.cost,
    latencyMs,
    startedAt: r.startedAt,
    finishedAt: r.finishedAt,
  });
  const { pre, post } = canonicalParts(step);
  return { attemptLog, latencyMs, canonPre: pre, canonPost: post };
}

function encode(records: AgentCallRecord[]): string {
  return JSON.stringify(
    records.map((r, ord) => ({
      ord,
      ...r,
      cost: r.cost.toString(),
      charge: r.charge.toString(),
      reserved: r.reserved.toString(),
      startedAt: r.startedAt.toISOString(),
      finishedAt: r.finishedAt.toISOString(),
      ...stepOf(r),
    })),
  );
}

const prepared = new WeakSet<pg.ClientBase>();

/**
 * Commits finished calls in one round trip and one transaction. Idempotent per call (the usage
 * record's key): committing the same records again writes nothing. Throws on failure, having
 * written nothing.
 */
export async function commitAgentCalls(client: pg.ClientBase, records: AgentCallRecord[]): Promise<void> {
  if (records.length === 0) return;
  if (!prepared.has(client)) {
    await client.query(`PREPARE agent_usage_batch(jsonb, boolean) AS ${BATCH_SQL}`);
    prepared.add(client);
  }
  const workspaces = [...new Set(records.map((r) => r.workspaceId))].sort();
  const runs = [...new Set(records.map((r) => r.runId))].sort();
  const lock = `SELECT 1 FROM "WorkspaceBalance" WHERE "workspaceId" IN (${workspaces.map((w) => client.escapeLiteral(w)).join(", ")}) ORDER BY "workspaceId" FOR UPDATE`;
  // The runs next (balance before run, as finishing a run takes them), so the batch's snapshot
  // holds the last receipt link of each of its runs. The balance lock already orders two batches
  // of one workspace; this one keeps the chain right without relying on that (a workspace with
  // no balance row locks nothing above) and against the API's writers of the same run.
  const lockRuns = `SELECT 1 FROM "Run" WHERE id IN (${runs.map((id) => client.escapeLiteral(id)).join(", ")}) ORDER BY id FOR UPDATE`;
  // One simple-protocol message, so one implicit transaction and one round trip: the locks, then
  // the prepared batch (the extended protocol would take one statement per message). The JSON
  // is quoted by the driver's escapeLiteral.
  // With REDIS_URL the events' notices are published once the batch has committed (no NOTIFY).
  const viaRedis = runEventsViaRedis();
  const results = (await client.query(`${lock};\n${lockRuns};\nEXECUTE agent_usage_batch(${client.escapeLiteral(encode(records))}, ${viaRedis})`)) as unknown as pg.QueryResult<RunEventNotice>[];
  if (viaRedis) publishRunEventNotices(results.at(-1)!.rows.map(({ runId, workspaceId, projectId, seq, type }) => ({ runId, workspaceId, projectId, seq, type })));
}
