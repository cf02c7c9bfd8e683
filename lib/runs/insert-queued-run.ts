import { afterCommit } from "@/lib/db/after-commit";
import { db, type Tx } from "@/lib/db/client";
import { ApiError, workspacePendingDeletion } from "@/lib/core/errors";
import { RUN_EVENTS_CHANNEL, type RunEventNotice } from "./events";
import { publishRunEventNotices, runEventsViaRedis } from "./run-event-bus";
import { sendRunJob } from "./queue";

// A queued run in ONE statement (one round trip, committed together or not at all): the
// workspace checked active (FOR SHARE: a deletion request and a start serialise), its expected
// cost held under the balance row's lock (refused unless the available credits cover it), the
// run row, its run.queued event (seq 1) with its notice, and the run's pg-boss job with its
// wake-up (lib/queue/job-statement.ts). A refusal aborts the statement through
// agentruntime_refuse_run_start (a migration), whose message names the reason.
//
// Lock order as everywhere (lib/billing/credits.ts): the workspace row, the balance row, then
// the run. The balance UPDATE re-checks its condition on the latest row after waiting for the
// lock (READ COMMITTED), so concurrent starts never hold more than the balance covers.

export type QueuedRun = {
  id: string;
  workspaceId: string;
  projectId: string;
  workflowId: string;
  versionId: string | null;
  versionNumber: number | null;
  graph: unknown;
  trigger: string;
  input: unknown;
  budget: bigint;
  /** What the run holds: its expected cost. */
  hold: bigint;
  startedById: string | null;
  startedByTokenId: string | null;
  inboundSubscriptionId: string | null;
  rerunOfId: string | null;
  rerunFromNodeId: string | null;
  /** createdAt and updatedAt of the run, and its event's time. */
  now: Date;
};

const REFUSED = /agentruntime_run_start_refused:(\w+)/;

function refusalOf(err: unknown): ApiError | null {
  const seen = new Set<unknown>();
  // The driver adapter nests PostgreSQL's message in the error's cause/meta: look everywhere.
  const text = JSON.stringify(err, (_k, v: unknown) => {
    if (typeof v === "object" && v !== null) {
      if (seen.has(v)) return undefined;
      seen.add(v);
    }
    return typeof v === "bigint" ? v.toString() : v;
  }) + String((err as Error)?.message ?? "");
  const reason = REFUSED.exec(text)?.[1];
  if (reason === "insufficient_credits") return new ApiError("insufficient_credits", "The workspace's available credits do not cover this run: buy credits to start runs");
  if (reason === "workspace_pending_deletion") return workspacePendingDeletion();
  return null;
}

/**
 * Inserts the run (status queued, lastEventSeq 1) with its hold, event and job, in `tx` or on
 * its own (committed when it returns); throws a refusal as an ApiError.
 */
export async function insertQueuedRun(tx: Tx | null, run: QueuedRun): Promise<void> {
  const notice: RunEventNotice = { runId: run.id, workspaceId: run.workspaceId, projectId: run.projectId, seq: 1, type: "run.queued", status: "queued" };
  const eventData = { trigger: run.trigger, versionNumber: run.versionNumber, rerunOfId: run.rerunOfId };
  const viaRedis = runEventsViaRedis();
  const values = [
    run.id, run.workspaceId, run.projectId, run.workflowId, run.versionId, run.versionNumber, JSON.stringify(run.graph), run.trigger,
    JSON.stringify(run.input), run.budget.toString(), run.hold.toString(), run.startedById, run.startedByTokenId, run.inboundSubscriptionId,
    run.rerunOfId, run.rerunFromNodeId, run.now, JSON.stringify(eventData), viaRedis ? null : RUN_EVENTS_CHANNEL, JSON.stringify(notice),
  ];
  const ctes = (n: number) => {
    const p = (i: number) => `$${n + i}`;
    return `ws AS (
        SELECT id FROM "Workspace" WHERE id = ${p(2)} AND "deletionScheduledFor" IS NULL FOR SHARE
      ), hold AS (
        UPDATE "WorkspaceBalance" b SET held = b.held + ${p(11)}::bigint, "updatedAt" = ${p(17)}::timestamp(3)
         WHERE b."workspaceId" = ${p(2)} AND EXISTS (SELECT 1 FROM ws)
           AND b.balance - b.held > 0 AND b.balance - b.held >= ${p(11)}::bigint
        RETURNING b."workspaceId"
      ), gate AS MATERIALIZED (
        SELECT CASE WHEN NOT EXISTS (SELECT 1 FROM ws) THEN agentruntime_refuse_run_start('workspace_pending_deletion')
                    WHEN NOT EXISTS (SELECT 1 FROM hold) THEN agentruntime_refuse_run_start('insufficient_credits')
                    ELSE 1 END AS ok,
               CASE WHEN ${p(19)}::text IS NULL THEN NULL ELSE pg_notify(${p(19)}::text, ${p(20)}::text) END AS notified
      ), queued_run AS (
        INSERT INTO "Run" (id, "workspaceId", "projectId", "workflowId", "versionId", "versionNumber", graph, status, trigger, input, budget,
                           "creditHold", "startedById", "startedByTokenId", "inboundSubscriptionId", "rerunOfId", "rerunFromNodeId",
                           "lastEventSeq", "createdAt", "updatedAt")
        SELECT ${p(1)}, ${p(2)}, ${p(3)}, ${p(4)}, ${p(5)}, ${p(6)}::int, ${p(7)}::jsonb, 'queued', ${p(8)}, ${p(9)}::jsonb, ${p(10)}::bigint,
               ${p(11)}::bigint, ${p(12)}, ${p(13)}, ${p(14)}, ${p(15)}, ${p(16)}, 1, ${p(17)}::timestamp(3), ${p(17)}::timestamp(3)
          FROM gate WHERE gate.ok = 1
        RETURNING id
      ), queued_event AS (
        INSERT INTO "RunEvent" ("runId", seq, "workspaceId", "projectId", type, "nodeId", data, "createdAt")
        SELECT id, 1, ${p(2)}, ${p(3)}, 'run.queued', NULL, ${p(18)}::jsonb, ${p(17)}::timestamp(3) FROM queued_run
      )`;
  };
  try {
    await sendRunJob(run.id, { client: tx ?? db, with: { ctes, values } });
  } catch (err) {
    throw refusalOf(err) ?? err;
  }
  if (!viaRedis) return;
  if (tx) afterCommit(tx, () => publishRunEventNotices([notice]));
  else publishRunEventNotices([notice]);
}
