import type { Tx } from "@/lib/db/client";
import { newId } from "@/lib/core/ids";
import type { RunUsageOwner } from "./budget-owner";

// A usage record is written once per billable thing (a step, its model call, its http call)
// and charged in the same statement, so a record exists exactly when its debit does. Charging is
// a usage debit on the workspace ledger, done by the SQL function usage_record_charge
// (prisma/migrations/*_run_checkpoint_fn): it writes the records, locks the balance row once,
// appends one ledger entry per new record (each with its running balance), moves the balance,
// gives back from the run's hold what was spent of it (at most what remains of it, so a last call
// that overshoots its run's hold never eats another run's) and adds the total to the run's spend.
// The engine's checkpoint calls the same function.

export type UsageItem = {
  nodeId: string;
  attempt: number;
  kind: "llm" | "http" | "tool" | "step";
  provider?: string | null;
  model?: string | null;
  keySource?: "platform" | "workspace" | null;
  tokensIn?: number;
  tokensOut?: number;
  cost?: bigint;
  charge: bigint;
};

/** A usage record's idempotency key: one record per run, node, attempt and kind. */
export function usageKey(runId: string, nodeId: string, attempt: number, kind: UsageItem["kind"]): string {
  return `${runId}:${nodeId}:${attempt}:${kind}`;
}

/**
 * The records as usage_record_charge takes them. The idempotency key (run:node:attempt:kind) is
 * unique: a record that already exists was charged when it was written, so a re-executed
 * checkpoint charges nothing twice.
 */
export function usageItemsJson(owner: RunUsageOwner, items: UsageItem[]) {
  return items.map((u, i) => ({
    ord: i + 1,
    id: newId("usage"),
    ledgerId: newId("ledger"),
    key: usageKey(owner.runId, u.nodeId, u.attempt, u.kind),
    nodeId: u.nodeId,
    attempt: u.attempt,
    kind: u.kind,
    provider: u.provider ?? null,
    model: u.model ?? null,
    keySource: u.keySource ?? null,
    tokensIn: u.tokensIn ?? 0,
    tokensOut: u.tokensOut ?? 0,
    cost: String(u.cost ?? 0n),
    charge: String(u.charge),
  }));
}

/** Writes usage records and debits the new ones, in the caller's transaction. Returns what was charged now. */
export async function recordUsage(tx: Tx, owner: RunUsageOwner, items: UsageItem[]): Promise<bigint> {
  if (items.length === 0) return 0n;
  const [row] = await tx.$queryRaw<{ charged: string }[]>`
    SELECT usage_record_charge(${owner.runId}, ${owner.workspaceId}, ${owner.projectId}, ${owner.workflowId}, ${JSON.stringify(usageItemsJson(owner, items))}::jsonb)::text AS charged`;
  return BigInt(row.charged);
}
