import type { Tx } from "@/lib/db/client";
import type { Prisma } from "@/lib/generated/prisma/client";
import { logger } from "@/lib/core/logger";
import { genesisHash, receiptStepOf, stepHash, type ReceiptStep } from "./canonical-step";

// The chain's writes for every RunStep writer that goes through Prisma (the engine's
// checkpoints, the ends of runs and approval gates, rerun copies); the gateway's batch does
// the same in SQL (lib/agents/agent-usage.ts). Callers hold the Run row lock, which orders all
// writes to one run's steps, so "the previous step" cannot change under them.
//
// A step is hashed whenever it is written: a `running` or `waiting_approval` row carries a
// provisional hash of what it is then, replaced when its outcome is written. When a step is
// rewritten after later steps exist (an engine checkpoint writes the rows of skipped nodes,
// which take the seqs after a call that is still running, before that call's outcome), those
// later rows are re-linked in the same transaction — but only while each still matches its own
// stored link, so a rewrite never launders a row changed behind the application's back.

export type Link = { prevHash: string; hash: string };

/** The link for a step about to be written at step.seq, and whether rows follow it. */
export async function linkStep(tx: Tx, runId: string, step: ReceiptStep): Promise<Link & { later: boolean }> {
  const [row] = await tx.$queryRaw<{ prev: string | null; later: boolean }[]>`
    SELECT (SELECT hash FROM "RunStep" WHERE "runId" = ${runId} AND seq < ${step.seq} ORDER BY seq DESC LIMIT 1) AS prev,
           EXISTS (SELECT 1 FROM "RunStep" WHERE "runId" = ${runId} AND seq > ${step.seq}) AS later`;
  const prevHash = row?.prev ?? genesisHash(runId);
  return { prevHash, hash: stepHash(prevHash, step), later: row?.later ?? false };
}

type Row = Parameters<typeof receiptStepOf>[0] & { id: string; prevHash: string | null; hash: string | null };

/** Re-links the run's steps after `seq` (which now hashes to `hash`). */
export async function relinkAfter(tx: Tx, runId: string, seq: number, hash: string): Promise<void> {
  const rows = await tx.runStep.findMany({ where: { runId, seq: { gt: seq } }, orderBy: { seq: "asc" } });
  await rechain(tx, runId, rows, hash, new Set());
}

/**
 * updateMany for steps of one run, with the changed rows re-hashed (and the rows after them
 * re-linked) in the same transaction. A row that already failed its own link before the update
 * is updated but not re-hashed: the change made behind the application's back stays visible.
 */
export async function updateStepsHashed(
  tx: Tx,
  runId: string,
  where: Prisma.RunStepWhereInput,
  data: Prisma.RunStepUpdateManyMutationInput,
  opts: { runLocked?: boolean } = {},
): Promise<number> {
  // The run row orders every writer of its steps (`runLocked`: the caller holds it already).
  if (!opts.runLocked) await tx.$executeRaw`SELECT 1 FROM "Run" WHERE id = ${runId} FOR UPDATE`;
  const before = await tx.runStep.findMany({ where: { ...where, runId } });
  if (before.length === 0) return 0;
  await tx.runStep.updateMany({ where: { runId, id: { in: before.map((r) => r.id) } }, data });
  const from = Math.min(...before.map((r) => r.seq));
  const prev = await tx.runStep.findFirst({ where: { runId, seq: { lt: from } }, orderBy: { seq: "desc" }, select: { hash: true } });
  const rows = await tx.runStep.findMany({ where: { runId, seq: { gte: from } }, orderBy: { seq: "asc" } });
  await rechain(tx, runId, rows, prev?.hash ?? genesisHash(runId), new Set(before.filter(linkHolds).map((r) => r.seq)));
  return before.length;
}

/** Whether a stored row still matches the link written with it. */
function linkHolds(row: Row): boolean {
  return row.hash !== null && row.prevHash !== null && stepHash(row.prevHash, receiptStepOf(row)) === row.hash;
}

/** Re-links `rows` (consecutive, from the first after `prev`); rows in `rewritten` are re-hashed from their new content. */
async function rechain(tx: Tx, runId: string, rows: Row[], prev: string, rewritten: Set<number>): Promise<void> {
  for (const row of rows) {
    if (!rewritten.has(row.seq) && !linkHolds(row)) {
      logger.error("run receipt chain: a step no longer matches its hash; not re-linking it", { runId, seq: row.seq });
      return;
    }
    const hash = stepHash(prev, receiptStepOf(row));
    if (hash !== row.hash || prev !== row.prevHash) await tx.runStep.update({ where: { id: row.id }, data: { prevHash: prev, hash } });
    prev = hash;
  }
}
