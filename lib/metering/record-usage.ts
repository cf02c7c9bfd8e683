import type { Tx } from "@/lib/db/client";
import { newId } from "@/lib/core/ids";
import type { RunUsageOwner } from "./budget-owner";
import { chargeUsage } from "./charge-usage";

// A usage record is written once per billable thing (a step, its model call, its http call)
// and charged in the same transaction, so a record exists exactly when its debit does.

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

/**
 * Writes usage records and debits them, in the caller's transaction. The idempotency key
 * (run:node:attempt:kind) is unique: a record that already exists was charged when it was
 * written, so a re-executed checkpoint charges nothing twice. Returns what was charged now.
 */
export async function recordUsage(tx: Tx, owner: RunUsageOwner, items: UsageItem[]): Promise<bigint> {
  if (items.length === 0) return 0n;
  const created = await tx.usageRecord.createManyAndReturn({
    data: items.map((u) => ({
      id: newId("usage"),
      workspaceId: owner.workspaceId,
      projectId: owner.projectId,
      runId: owner.runId,
      workflowId: owner.workflowId,
      nodeId: u.nodeId,
      attempt: u.attempt,
      kind: u.kind,
      provider: u.provider ?? null,
      model: u.model ?? null,
      keySource: u.keySource ?? null,
      tokensIn: u.tokensIn ?? 0,
      tokensOut: u.tokensOut ?? 0,
      cost: u.cost ?? 0n,
      charge: u.charge,
      idempotencyKey: `${owner.runId}:${u.nodeId}:${u.attempt}:${u.kind}`,
    })),
    skipDuplicates: true,
    select: { id: true, kind: true, model: true, charge: true },
  });
  return chargeUsage(tx, created.map((r) => ({ ...r, workspaceId: owner.workspaceId, projectId: owner.projectId, workflowId: owner.workflowId, runId: owner.runId })));
}
