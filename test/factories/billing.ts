import { randomBytes } from "node:crypto";
import { db } from "@/lib/db/client";
import { appendLedgerEntry, reserveRunCredits } from "@/lib/billing/credits";
import { recordUsage } from "@/lib/metering/record-usage";
import { runUsageOwner } from "@/lib/metering/budget-owner";
import { newId } from "@/lib/core/ids";

/** Credits a workspace (a `grant` ledger entry), so tests can start billable runs. Default: $10. */
export async function grantTestCredits(workspaceId: string, amount: bigint = 10_000_000n) {
  return db.$transaction((tx) =>
    appendLedgerEntry(tx, { workspaceId, kind: "grant", amount, sourceType: "admin", sourceId: newId("ledger"), description: "test grant" }),
  );
}

const EMPTY_GRAPH = { formatVersion: 1, nodes: [], edges: [] };

/** A bare workflow row (no version), enough for runs and usage records to point at. */
export async function createBillingWorkflow(opts: { workspaceId: string; projectId: string; name?: string; slug?: string }) {
  const slug = opts.slug ?? `wf-${randomBytes(4).toString("hex")}`;
  return db.workflow.create({ data: { id: newId("workflow"), workspaceId: opts.workspaceId, projectId: opts.projectId, slug, name: opts.name ?? `Workflow ${slug}`, draft: EMPTY_GRAPH } });
}

/**
 * A running run holding credits the way startRun does: reserveRunCredits in the transaction
 * that inserts the run (throws 402 insufficient_credits when nothing is available).
 */
export async function startBillableRun(opts: { workspaceId: string; projectId: string; workflowId: string; budget: bigint }) {
  return db.$transaction(async (tx) => {
    const hold = await reserveRunCredits(tx, opts.workspaceId, opts.budget);
    return tx.run.create({
      data: {
        id: newId("run"), workspaceId: opts.workspaceId, projectId: opts.projectId, workflowId: opts.workflowId, graph: EMPTY_GRAPH,
        status: "running", trigger: "test", input: {}, budget: opts.budget, creditHold: hold, startedAt: new Date(),
      },
    });
  });
}

/** One usage record written and charged in one transaction, as the engine does per step. */
export async function recordTestUsage(
  run: { id: string; workspaceId: string; projectId: string; workflowId: string | null },
  usage: { kind: "llm" | "http" | "step"; charge: bigint; cost?: bigint; model?: string | null; tokensIn?: number; tokensOut?: number; nodeId?: string; attempt?: number; createdAt?: Date },
) {
  const nodeId = usage.nodeId ?? `n-${randomBytes(3).toString("hex")}`;
  const attempt = usage.attempt ?? 1;
  await db.$transaction((tx) =>
    recordUsage(tx, runUsageOwner(run), [
      {
        nodeId, attempt, kind: usage.kind, model: usage.model ?? null, provider: usage.model ? "openai" : null, keySource: usage.kind === "llm" ? "platform" : null,
        tokensIn: usage.tokensIn ?? 0, tokensOut: usage.tokensOut ?? 0, cost: usage.cost ?? 0n, charge: usage.charge,
      },
    ]),
  );
  const where = { idempotencyKey: `${run.id}:${nodeId}:${attempt}:${usage.kind}` };
  if (usage.createdAt) return db.usageRecord.update({ where, data: { createdAt: usage.createdAt } });
  return db.usageRecord.findUniqueOrThrow({ where });
}

/** The ledger's own sum and the cached balance row, for invariants. */
export async function ledgerState(workspaceId: string) {
  const [row] = await db.$queryRaw<{ sum: bigint | null; count: bigint }[]>`SELECT SUM(amount)::bigint AS sum, COUNT(*)::bigint AS count FROM "LedgerEntry" WHERE "workspaceId" = ${workspaceId}`;
  const cached = await db.workspaceBalance.findUnique({ where: { workspaceId } });
  return { sum: row.sum ?? 0n, count: Number(row.count), balance: cached?.balance ?? 0n, held: cached?.held ?? 0n };
}
