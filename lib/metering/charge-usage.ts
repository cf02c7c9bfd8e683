import type { Tx } from "@/lib/db/client";
import { appendLedgerEntry, lockBalance, remainingHold } from "@/lib/billing/credits";

// Charging is a usage debit on the workspace ledger (lib/billing/credits.ts keeps the ledger,
// the balance row and the run holds). The balance row is locked first, as everywhere, so the
// run's hold and spend read after it are consistent.

/**
 * Debits one usage record (idempotent by record id) and adds it to the run's spend. The same
 * amount leaves the run's hold — at most what remains of it, so a last call that overshoots
 * its run's hold never eats another run's. Call in the transaction that wrote the record.
 */
export async function chargeUsage(
  tx: Tx,
  usage: { id: string; workspaceId: string; projectId: string; workflowId: string | null; runId: string; model?: string | null; kind: string; charge: bigint },
): Promise<void> {
  if (usage.charge <= 0n) return;
  await lockBalance(tx, usage.workspaceId);
  const run = await tx.run.findUnique({ where: { id: usage.runId }, select: { creditHold: true, spent: true } });
  const left = run ? remainingHold(run) : 0n;
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
    { releaseHeld: usage.charge < left ? usage.charge : left },
  );
  if (entry && run) await tx.run.update({ where: { id: usage.runId }, data: { spent: { increment: usage.charge } } });
}
