import type { NodeOf } from "@/lib/schemas/workflow-graph";
import { logger } from "@/lib/core/logger";
import { db } from "@/lib/db/client";
import { DEFAULT_STEP_TIMEOUT_MS, backoffDelayMs, sleep, withDeadline } from "./attempts";
import { budgetRefusal, stepEstimate } from "./budget";
import { watchForCancel } from "./cancel-watch";
import type { AttemptLogEntry } from "./checkpoint";
import { CANCELED, commit, contextOf, takeSeq, type Exec } from "./exec-state";
import { prepareHttp } from "./executors/http";
import { prepareLlm } from "./executors/llm";
import type { CallResult, PreparedCall } from "./executors/types";
import { Interrupted, StepError } from "./step-error";
import { stepCanceled, stepFailed, stepSucceeded, type Flow } from "./step-outcomes";

// A side-effecting step (llm, http, tool), attempt by attempt. Before each attempt: the budget check
// (worst case of the call plus the step) and a checkpoint that records the attempt as running.
// A worker that dies mid-call leaves that row `running`; the next worker repeats the SAME
// attempt, with the same idempotency key, so the upstream can recognise the repeat and the
// usage record (keyed by attempt) is written at most once.

const DEFAULT_RETRY = { maxAttempts: 3, initialDelayMs: 500 };

type CallNode = NodeOf<"llm"> | NodeOf<"http"> | NodeOf<"tool">;

/** The call of an llm or http step; a tool step hands in its own (planned and, if need be, approved). */
async function prepareCall(exec: Exec, node: CallNode, timeoutMs: number, prepare?: () => Promise<PreparedCall>): Promise<PreparedCall> {
  if (prepare) return prepare();
  if (node.type === "llm") return prepareLlm(node, contextOf(exec), timeoutMs);
  if (node.type === "http") return prepareHttp(node, contextOf(exec));
  throw new Error(`a ${node.type} step needs its prepared call`);
}

/** The try a resumed step lost: from the step's last checkpoint until now, when it is made again. */
async function abandonedAttempt(exec: Exec, nodeId: string, attempt: number, stepStartedAt: Date): Promise<AttemptLogEntry> {
  const last = await db.runEvent.findFirst({ where: { runId: exec.ref.id, nodeId }, orderBy: { seq: "desc" }, select: { createdAt: true } });
  const from = last?.createdAt ?? stepStartedAt;
  const now = new Date();
  return {
    attempt,
    startedAt: from.toISOString(),
    finishedAt: now.toISOString(),
    latencyMs: Math.max(0, now.getTime() - from.getTime()),
    abandoned: true,
    error: { code: "attempt_interrupted", message: "The worker making this attempt stopped before its result was recorded; the attempt is made again with the same idempotency key" },
  };
}

export async function runCallStep(exec: Exec, node: CallNode, index: number, prepare?: () => Promise<PreparedCall>): Promise<Flow> {
  const row = exec.steps.get(node.id);
  const retry = node.config.retry ?? DEFAULT_RETRY;
  const timeoutMs = node.config.timeoutMs ?? DEFAULT_STEP_TIMEOUT_MS;
  const resumed = row?.status === "running";
  let attempt = resumed ? Math.max(1, row.attempts) : 1;
  const attemptLog: AttemptLogEntry[] = resumed ? ((row.attemptLog as AttemptLogEntry[] | null) ?? []) : [];
  const startedAt = resumed ? row.startedAt : new Date();
  if (resumed) attemptLog.push(await abandonedAttempt(exec, node.id, attempt, row.startedAt));

  let prepared: PreparedCall;
  try {
    prepared = await prepareCall(exec, node, timeoutMs, prepare);
  } catch (err) {
    if (!(err instanceof StepError)) throw err;
    return stepFailed(exec, node, { input: null, error: err, attempt: 0, attemptLog, startedAt });
  }

  const watch = watchForCancel(exec.ref.id, exec.shutdown);
  try {
    for (;;) {
      const refused = await budgetRefusal(exec, stepEstimate() + prepared.estimate);
      if (refused) return stepFailed(exec, node, { input: prepared.input, error: refused, attempt: attempt - 1, attemptLog, startedAt });
      // Records the attempt before the call (and proves the lock is still ours).
      const seq = takeSeq(exec, node.id);
      const firstWrite = !exec.steps.has(node.id) && attempt === 1;
      const started = await commit(exec, {
        steps: [{ nodeId: node.id, nodeType: node.type, seq, status: "running", attempts: attempt, attemptLog, input: prepared.input, startedAt }],
        events:
          firstWrite || (resumed && attempt === row!.attempts)
            ? [{ type: "step.started", nodeId: node.id, data: { nodeType: node.type, attempt, input: prepared.input, ...(resumed ? { resumed: true } : {}) } }]
            : [],
      });
      if (started === CANCELED) return "stop";
      exec.steps.set(node.id, { ...(row ?? ({} as NonNullable<typeof row>)), nodeId: node.id, seq, status: "running", attempts: attempt });

      const t0 = new Date();
      let result: CallResult | null = null;
      let failure: StepError | null = null;
      try {
        result = await withDeadline(timeoutMs, watch.signal, (signal) => prepared.call(attempt, signal));
      } catch (err) {
        if (err instanceof Interrupted) {
          if (err.reason === "canceled") return stepCanceled(exec, node, attempt, attemptLog, prepared.input, startedAt);
          return "stop"; // shutdown: the step stays `running` and is resumed with this attempt
        }
        if (!(err instanceof StepError)) throw err;
        failure = err;
      }
      const t1 = new Date();
      const entry: AttemptLogEntry = { attempt, startedAt: t0.toISOString(), finishedAt: t1.toISOString(), latencyMs: t1.getTime() - t0.getTime(), ...(failure ? { error: { code: failure.code, message: failure.message } } : {}) };
      attemptLog.push(entry);

      if (result) {
        return stepSucceeded(exec, node, index, {
          input: prepared.input,
          output: result.output,
          attempt,
          attemptLog,
          startedAt,
          finishedAt: t1,
          latencyMs: entry.latencyMs,
          usage: result.usage,
          tokensIn: result.tokensIn,
          tokensOut: result.tokensOut,
          cost: result.cost,
        });
      }
      const error = failure!;
      if (!error.retryable || attempt >= retry.maxAttempts) {
        // An http call that got an answer, or a tool call that returned an error, was made, and is charged like one.
        const made = (node.type === "http" && error.code === "http_error") || (node.type === "tool" && error.code === "tool_error");
        const usage = made ? [{ kind: node.type as "http" | "tool", charge: prepared.estimate }] : [];
        return stepFailed(exec, node, { input: prepared.input, error, attempt, attemptLog, startedAt, usage });
      }
      const delayMs = backoffDelayMs(retry.initialDelayMs, attempt + 1);
      const next = attempt + 1;
      const logged = await commit(exec, {
        steps: [{ nodeId: node.id, nodeType: node.type, seq, status: "running", attempts: next, attemptLog, input: prepared.input, startedAt }],
        events: [{ type: "step.retrying", nodeId: node.id, data: { nodeType: node.type, attempt, nextAttempt: next, delayMs, error: error.toJSON() } }],
      });
      if (logged === CANCELED) return "stop";
      logger.debug("step retrying", { runId: exec.ref.id, nodeId: node.id, attempt, delayMs, code: error.code });
      try {
        await sleep(delayMs, watch.signal);
      } catch (err) {
        if (err instanceof Interrupted && err.reason === "canceled") return stepCanceled(exec, node, next, attemptLog, prepared.input, startedAt);
        if (err instanceof Interrupted) return "stop";
        throw err;
      }
      attempt = next;
    }
  } finally {
    watch.stop();
  }
}
