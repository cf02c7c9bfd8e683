import type pg from "pg";
import { usageKey } from "@/lib/metering/record-usage";
import type { RunEventNotice } from "@/lib/runs/events";
import { publishRunEventNotices, runEventsViaRedis } from "@/lib/runs/run-event-bus";
import { canonicalParts, genesisHash, receiptStepOf } from "@/lib/runs/receipts/canonical-step";

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

// A batch is one statement, so one round trip and one transaction: the SQL function
// agent_calls_commit (prisma/migrations/*_usage_charge_shared). It locks the batch's Run rows (in
// id order), charges the calls' usage records with usage_charge — the one charging rule, which
// the engine's checkpoint uses too, and which takes the balance rows after the Run rows, as every
// credit-moving transaction does — and writes a step and a step event for each call new in it,
// giving back what the call had reserved on its run. A usage record that already exists (a
// replayed batch) makes its call a no-op everywhere.
//
// Each step carries its receipt link (lib/runs/receipts/canonical-step.ts): hash =
// sha256(prevHash + canonical JSON). The canonical text is made here, split around the seq
// (canonPre + seq + canonPost), since the seq is only known in SQL, and so is the run's genesis
// hash (the first step's prevHash); the links are chained in SQL.
const BATCH_SQL = `SELECT "runId", "workspaceId", "projectId", seq, type FROM agent_calls_commit($1::jsonb, $2)`;

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
  const genesis = new Map([...new Set(records.map((r) => r.runId))].map((id) => [id, genesisHash(id)]));
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
      genesis: genesis.get(r.runId),
      // The usage record as usage_charge takes it (its idempotency key: run:node:attempt:kind).
      id: r.usageId,
      key: usageKey(r.runId, r.nodeId, 1, r.nodeType),
      attempt: 1,
      kind: r.nodeType,
      at: r.finishedAt.toISOString(),
    })),
  );
}

/**
 * Commits finished calls in one round trip and one transaction. Idempotent per call (the usage
 * record's key): committing the same records again writes nothing. Throws on failure, having
 * written nothing.
 */
export async function commitAgentCalls(client: pg.ClientBase, records: AgentCallRecord[]): Promise<void> {
  if (records.length === 0) return;
  // With REDIS_URL the events' notices are published once the batch has committed (no NOTIFY).
  const viaRedis = runEventsViaRedis();
  // Named: each connection parses and plans it once.
  const res = await client.query<RunEventNotice>({ name: "agent_calls_commit", text: BATCH_SQL, values: [encode(records), !viaRedis] });
  if (viaRedis) publishRunEventNotices(res.rows.map(({ runId, workspaceId, projectId, seq, type }) => ({ runId, workspaceId, projectId, seq, type })));
}
