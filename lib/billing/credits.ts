import { db, type Tx } from "@/lib/db/client";
import { ApiError } from "@/lib/api/errors";
import { newId } from "@/lib/ids";

// Credits are integers in usd_micros (1 USD = 1,000,000), the unit of the model catalog's
// prices. The ledger (LedgerEntry) is append-only; WorkspaceBalance caches its sum plus the
// credits held by live runs, and is updated under a row lock in the same transaction.
//
// A run reserves min(budget, available) when it starts ("hold"); its usage is charged against
// the hold, and what is left is released when the run ends. So concurrent runs can never
// spend more than the balance, and the balance never goes below zero.

export const CREDIT_UNIT = "usd_micros" as const;

export type LedgerKind = "purchase" | "usage" | "grant" | "refund" | "adjustment";
export type LedgerSource = "stripe_event" | "usage_record" | "run" | "admin" | "system";

export type LedgerInput = {
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

/** Locks the workspace's balance row (creating it at 0), for the rest of the transaction. */
export async function lockBalance(tx: Tx, workspaceId: string): Promise<{ balance: bigint; held: bigint }> {
  await tx.$executeRaw`INSERT INTO "WorkspaceBalance" ("workspaceId", balance, held, "updatedAt") VALUES (${workspaceId}, 0, 0, now()) ON CONFLICT ("workspaceId") DO NOTHING`;
  const rows = await tx.$queryRaw<{ balance: bigint; held: bigint }[]>`SELECT balance, held FROM "WorkspaceBalance" WHERE "workspaceId" = ${workspaceId} FOR UPDATE`;
  return rows[0];
}

/**
 * Appends one ledger entry and moves the cached balance, in `tx`. Returns null (and changes
 * nothing) when an entry with the same kind and source already exists: replays are no-ops.
 */
export async function appendLedgerEntry(tx: Tx, entry: LedgerInput, opts: { releaseHeld?: bigint } = {}) {
  const { balance, held } = await lockBalance(tx, entry.workspaceId);
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
  const release = opts.releaseHeld ?? 0n;
  await tx.workspaceBalance.update({
    where: { workspaceId: entry.workspaceId },
    data: { balance: balanceAfter, held: held - release < 0n ? 0n : held - release },
  });
  return row;
}

/**
 * Reserves credits for a run about to start: min(budget, balance − held). Throws 402
 * insufficient_credits when nothing is available. Call inside the run-creating transaction.
 */
export async function reserveRunCredits(tx: Tx, workspaceId: string, budget: bigint): Promise<bigint> {
  const { balance, held } = await lockBalance(tx, workspaceId);
  const available = balance - held;
  if (available <= 0n) throw new ApiError("insufficient_credits", "The workspace has no credits left: buy credits to start runs");
  const hold = budget < available ? budget : available;
  await tx.workspaceBalance.update({ where: { workspaceId }, data: { held: held + hold } });
  return hold;
}

/** Gives back what a finished run did not spend of its hold. Idempotent per run (hold is zeroed). */
export async function releaseRunHold(tx: Tx, runId: string): Promise<void> {
  const run = await tx.run.findUnique({ where: { id: runId }, select: { workspaceId: true, creditHold: true, spent: true } });
  if (!run || run.creditHold <= 0n) return;
  const { held } = await lockBalance(tx, run.workspaceId);
  const unspent = run.creditHold - run.spent > 0n ? run.creditHold - run.spent : 0n;
  await tx.workspaceBalance.update({ where: { workspaceId: run.workspaceId }, data: { held: held - unspent < 0n ? 0n : held - unspent } });
  await tx.run.update({ where: { id: runId }, data: { creditHold: 0n } });
}

/** The derived balance (sum of the ledger) and what live runs hold. */
export async function getBalance(workspaceId: string) {
  const row = await db.workspaceBalance.findUnique({ where: { workspaceId } });
  return { balance: row?.balance ?? 0n, held: row?.held ?? 0n };
}

/**
 * Debits one usage record (idempotent by record id) and adds it to the run's spend, moving
 * the same amount out of the run's hold. Call in the transaction that wrote the record.
 */
export async function chargeUsage(
  tx: Tx,
  usage: { id: string; workspaceId: string; projectId: string; workflowId: string; runId: string; model?: string | null; kind: string; charge: bigint },
): Promise<void> {
  if (usage.charge <= 0n) return;
  const entry = await appendLedgerEntry(
    tx,
    {
      workspaceId: usage.workspaceId,
      kind: "usage",
      amount: -usage.charge,
      sourceType: "usage_record",
      sourceId: usage.id,
      projectId: usage.projectId,
      workflowId: usage.workflowId,
      runId: usage.runId,
      model: usage.model ?? null,
      description: `${usage.kind} usage`,
    },
    { releaseHeld: usage.charge },
  );
  if (entry) await tx.run.update({ where: { id: usage.runId }, data: { spent: { increment: usage.charge } } });
}
