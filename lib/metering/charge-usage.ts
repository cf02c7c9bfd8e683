import type { Tx } from "@/lib/db/client";
import { newId } from "@/lib/core/ids";
import { lockBalance } from "@/lib/billing/credits";

// Charging is a usage debit on the workspace ledger (lib/billing/credits.ts keeps the ledger,
// the balance row and the run holds). One statement for all the records of a checkpoint: it
// locks the balance row once, appends one ledger entry per record (each with its running
// balance), moves the balance, gives back from the run's hold what was spent of it, and adds
// the total to the run's spend.

/** A usage record to debit; all records of one call belong to the same run. */
export type ChargeableUsage = { id: string; workspaceId: string; projectId: string; workflowId: string | null; runId: string; model?: string | null; kind: string; charge: bigint };

/**
 * Debits usage records (idempotent by record id: a record that already has its ledger entry is
 * skipped) and adds them to the run's spend. The same amount leaves the run's hold — at most
 * what remains of it, so a last call that overshoots its run's hold never eats another run's.
 * Call in the transaction that wrote the records. Returns what was charged now.
 */
export async function chargeUsage(tx: Tx, usage: ChargeableUsage | ChargeableUsage[]): Promise<bigint> {
  const items = (Array.isArray(usage) ? usage : [usage]).filter((r) => r.charge > 0n);
  if (items.length === 0) return 0n;
  const owner = items[0];
  if (items.some((r) => r.runId !== owner.runId)) throw new Error("chargeUsage: records of one run at a time");
  const charge = () => tx.$queryRaw<{ charged: bigint | null }[]>`
    WITH bal AS (
      SELECT balance, held FROM "WorkspaceBalance" WHERE "workspaceId" = ${owner.workspaceId} FOR UPDATE
    ), run AS (
      SELECT GREATEST("creditHold" - spent, 0) AS rest FROM "Run" WHERE id = ${owner.runId}
    ), u AS (
      SELECT t.*, sum(t.charge) OVER (ORDER BY t.ord) AS cum
        FROM unnest(${items.map((r) => r.id)}::text[], ${items.map(() => newId("ledger"))}::text[], ${items.map((r) => String(r.charge))}::bigint[],
                    ${items.map((r) => r.model ?? null)}::text[], ${items.map((r) => `${r.kind} usage`)}::text[]) WITH ORDINALITY AS t(id, "ledgerId", charge, model, description, ord)
       -- A record charged before (a replayed call) has its entry already: skipped. A twin racing
       -- this one fails on the entry's unique key instead of charging twice.
       WHERE NOT EXISTS (SELECT 1 FROM "LedgerEntry" l WHERE l.kind = 'usage' AND l."sourceType" = 'usage_record' AND l."sourceId" = t.id)
    ), tot AS (
      SELECT coalesce(sum(charge), 0)::bigint AS t FROM u
    ), led AS (
      INSERT INTO "LedgerEntry" (id, "workspaceId", kind, amount, "balanceAfter", "sourceType", "sourceId", "projectId", "workflowId", "runId", model, description)
      SELECT u."ledgerId", ${owner.workspaceId}, 'usage', -u.charge, bal.balance - u.cum, 'usage_record', u.id, ${owner.projectId}, ${owner.workflowId}, ${owner.runId}, u.model, u.description
        FROM u, bal
    ), upd AS (
      UPDATE "WorkspaceBalance" w SET balance = bal.balance - tot.t, held = GREATEST(bal.held - LEAST(tot.t, run.rest), 0), "updatedAt" = clock_timestamp()
        FROM bal, run, tot WHERE w."workspaceId" = ${owner.workspaceId} AND tot.t > 0
    ), spend AS (
      UPDATE "Run" SET spent = spent + tot.t, "updatedAt" = clock_timestamp() FROM bal, tot WHERE id = ${owner.runId} AND tot.t > 0
    )
    SELECT (SELECT t FROM tot, bal, run) AS charged`;
  let [{ charged }] = await charge();
  if (charged === null) {
    // No balance row yet (it is created with the workspace's first credit or hold), or no run.
    await lockBalance(tx, owner.workspaceId);
    [{ charged }] = await charge();
  }
  if (charged === null) throw new Error(`charging run ${owner.runId}: the run does not exist`);
  return charged;
}
