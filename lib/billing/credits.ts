import { db, type Tx } from "@/lib/db/client";
import { ApiError } from "@/lib/core/errors";
import { newId } from "@/lib/core/ids";

// Credits are integers in usd_micros (1 USD = 1,000,000), the unit of the model catalog's
// prices. The ledger (LedgerEntry) is append-only; WorkspaceBalance caches its sum plus the
// credits held by live runs, and is updated under a row lock in the same transaction.
//
// A workflow run reserves what it is expected to spend when it starts ("hold",
// lib/metering/expected-cost.ts), and is refused (402) unless the available credits cover that
// (in startRun's one statement, lib/runs/insert-queued-run.ts);
// an agent run reserves min(budget, available). Usage is charged against the hold, and what is
// left is released when the run ends. Starting a run never takes the balance below zero, and
// neither does spending: before a step that would take a workflow run past its hold, the
// engine tops the hold up from the available credits (topUpRunHold) or refuses the step.
//
// Usage is debited by lib/metering (record-usage.ts: the SQL function usage_record_charge).
//
// Lock order, everywhere: StripeEvent / CheckoutSession rows first, then an existing Run row
// (the engine's checkpoint, cancel, decisions, expiry, top-ups), then the run's concurrency gate,
// then the WorkspaceBalance row. (Starting a run locks the balance and then inserts its new Run
// row, which nobody else can hold. The gateway's usage batch, lib/agents/agent-usage.ts, locks its
// runs in id order, then charges through the same SQL rule.) Every change to a run's creditHold or
// spent happens under the balance lock, so reading them after taking it is consistent.

export const CREDIT_UNIT = "usd_micros" as const;

export const LEDGER_KINDS = ["purchase", "usage", "grant", "refund", "adjustment"] as const;
type LedgerKind = (typeof LEDGER_KINDS)[number];
export const LEDGER_SOURCES = ["stripe_event", "usage_record", "run", "admin", "system"] as const;
type LedgerSource = (typeof LEDGER_SOURCES)[number];

type LedgerInput = {
  workspaceId: string;
  kind: LedgerKind;
  /** Signed: credits add, debits subtract. */
  amount: bigint;
  sourceType: LedgerSource;
  sourceId: string;
  projectId?: string | null;
  workflowId?: string | null;
  runId?: string | null;
  model?: string | null;
  description?: string | null;
  createdById?: string | null;
};

// Which way each kind may move the balance; an adjustment goes either way.
const SIGN: Record<LedgerKind, "credit" | "debit" | "any"> = { purchase: "credit", grant: "credit", usage: "debit", refund: "debit", adjustment: "any" };

function assertSign(entry: LedgerInput): void {
  const sign = SIGN[entry.kind];
  if (entry.amount === 0n) throw new Error(`ledger: a ${entry.kind} entry of 0 records nothing`);
  if (sign === "credit" && entry.amount < 0n) throw new Error(`ledger: a ${entry.kind} entry must be positive`);
  if (sign === "debit" && entry.amount > 0n) throw new Error(`ledger: a ${entry.kind} entry must be negative`);
}

/** Locks the workspace's balance row (creating it at 0), for the rest of the transaction. One statement (SQL balance_lock). */
export async function lockBalance(tx: Tx, workspaceId: string): Promise<{ balance: bigint; held: bigint }> {
  const rows = await tx.$queryRaw<{ balance: bigint; held: bigint }[]>`SELECT balance, held FROM balance_lock(${workspaceId})`;
  return rows[0];
}

const clampZero = (n: bigint) => (n < 0n ? 0n : n);

/**
 * Appends one ledger entry and moves the cached balance, in `tx`. Returns null (and changes
 * nothing) when an entry with the same kind and source already exists: replays are no-ops.
 * `releaseHeld` also gives back that much of the held credits (usage charged against a hold).
 */
export async function appendLedgerEntry(tx: Tx, entry: LedgerInput, opts: { releaseHeld?: bigint } = {}) {
  assertSign(entry);
  const { balance, held } = await lockBalance(tx, entry.workspaceId);
  // Checked under the balance lock: a concurrent twin has committed (or rolled back) by now.
  const existing = await tx.ledgerEntry.findUnique({
    where: { kind_sourceType_sourceId: { kind: entry.kind, sourceType: entry.sourceType, sourceId: entry.sourceId } },
    select: { id: true },
  });
  if (existing) return null;
  const balanceAfter = balance + entry.amount;
  const row = await tx.ledgerEntry.create({
    data: {
      id: newId("ledger"),
      workspaceId: entry.workspaceId,
      kind: entry.kind,
      amount: entry.amount,
      balanceAfter,
      sourceType: entry.sourceType,
      sourceId: entry.sourceId,
      projectId: entry.projectId ?? null,
      workflowId: entry.workflowId ?? null,
      runId: entry.runId ?? null,
      model: entry.model ?? null,
      description: entry.description ?? null,
      createdById: entry.createdById ?? null,
    },
  });
  await tx.workspaceBalance.update({
    where: { workspaceId: entry.workspaceId },
    data: { balance: balanceAfter, held: clampZero(held - (opts.releaseHeld ?? 0n)) },
  });
  return row;
}

/**
 * Reserves credits for an agent run about to start: min(budget, balance − held). Throws 402
 * insufficient_credits when nothing is available. Call inside the run-creating transaction.
 */
export async function reserveRunCredits(tx: Tx, workspaceId: string, budget: bigint): Promise<bigint> {
  const { balance, held } = await lockBalance(tx, workspaceId);
  const available = balance - held;
  if (available <= 0n) throw new ApiError("insufficient_credits", "The workspace has no credits left: buy credits to start runs");
  const hold = budget < available ? budget : available;
  if (hold <= 0n) throw new ApiError("insufficient_credits", "The run's budget must be above zero");
  await tx.workspaceBalance.update({ where: { workspaceId }, data: { held: held + hold } });
  return hold;
}

/**
 * Adds `need` to a running workflow run's hold when the available credits cover it, else changes
 * nothing and returns false. The engine calls it before a step that would take the run past its
 * hold (it spends more than expected: retries, a longer prompt), so usage never overdraws the
 * balance: what a run spends was held first.
 */
export async function topUpRunHold(workspaceId: string, runId: string, need: bigint): Promise<boolean> {
  return db.$transaction(async (tx) => {
    await tx.$executeRaw`SELECT 1 FROM "Run" WHERE id = ${runId} FOR UPDATE`;
    const { balance, held } = await lockBalance(tx, workspaceId);
    if (balance - held < need) return false;
    await tx.workspaceBalance.update({ where: { workspaceId }, data: { held: held + need } });
    await tx.run.updateMany({ where: { id: runId, workspaceId }, data: { creditHold: { increment: need } } });
    return true;
  });
}

/** What a run still holds: its hold minus what it has spent, never below zero. */
export const remainingHold = (run: { creditHold: bigint; spent: bigint }) => clampZero(run.creditHold - run.spent);

/**
 * Gives back what a finished run did not spend of its hold. Idempotent per run (hold is zeroed).
 * One statement (SQL run_hold_release, which run_finish uses too); the caller has locked the
 * balance row first (lock order above).
 */
export async function releaseRunHold(tx: Tx, runId: string): Promise<void> {
  await tx.$queryRaw`SELECT run_hold_release(${runId})::text`;
}

/** The derived balance (sum of the ledger), what live runs hold, and what is left to spend. */
export async function getBalance(workspaceId: string) {
  const row = await db.workspaceBalance.findUnique({ where: { workspaceId } });
  const balance = row?.balance ?? 0n;
  const held = row?.held ?? 0n;
  return { balance, held, available: balance - held };
}
