import { z } from "zod";
import { pageQuery } from "@/lib/core/pagination";
import { nodeId } from "./workflow-graph";
import { page, timestamp } from "./common";

// Runs: starting, listing, reading (steps, usage), cancel and rerun. Money is usd_micros
// (1 USD = 1,000,000) as JSON integers; `unit` says so on every object that carries money.

export const RUN_STATUSES = ["queued", "running", "waiting_approval", "succeeded", "failed", "canceled", "budget_exceeded"] as const;
const TERMINAL_RUN_STATUSES = ["succeeded", "failed", "canceled", "budget_exceeded"] as const;
export const RUN_TRIGGERS = ["api", "console", "inbound", "rerun", "test", "mcp", "agent"] as const;
export const RUN_KINDS = ["workflow", "agent"] as const;
const runStatus = z.enum(RUN_STATUSES);
const runTrigger = z.enum(RUN_TRIGGERS);
export type RunStatus = z.infer<typeof runStatus>;
export type TerminalRunStatus = (typeof TERMINAL_RUN_STATUSES)[number];
/** True once a run has ended: nothing executes it any more. */
export const isTerminalRunStatus = (status: string): status is TerminalRunStatus => (TERMINAL_RUN_STATUSES as readonly string[]).includes(status);
export type RunTrigger = z.infer<typeof runTrigger>;

const MAX_BUDGET = 1_000_000_000_000; // $1M: far above any sane run, far below 2^53
const usdMicros = z.number().int().describe("usd_micros (1 USD = 1,000,000)");
const jsonValue = z.unknown().describe("Any JSON value");

export const startRunBody = z
  .strictObject({
    input: jsonValue.optional().describe("The run's input, validated against the trigger's inputSchema. Default `{}`"),
    version: z.int().min(1).max(1_000_000_000).optional().describe("Version number to run. Default: the latest published version"),
    draft: z.boolean().optional().describe("Run the current draft instead of a version (a console test run; needs workflow.write)"),
    budget: z.int().min(1).max(MAX_BUDGET).optional().describe("Budget ceiling in usd_micros. Default: the project's default run budget, else the platform's"),
  })
  .refine((b) => !(b.draft && b.version !== undefined), { message: "Give either `version` or `draft`, not both", path: ["draft"] });
export type StartRunBody = z.infer<typeof startRunBody>;

export const rerunBody = z
  .strictObject({
    fromNodeId: nodeId.optional().describe("Re-execute from this node: the steps before it are reused with their outputs"),
    input: jsonValue.optional().describe("A new input (only when rerunning from the start). Default: the original run's input"),
  })
  .refine((b) => !(b.fromNodeId && b.input !== undefined), { message: "A new input only applies when rerunning from the start", path: ["input"] });
export type RerunBody = z.infer<typeof rerunBody>;

// Query numbers are decimal digits only (see lib/core/pagination.ts).
const decimalOnly = (v: unknown) => (typeof v === "string" && !/^[0-9]+$/.test(v) ? NaN : v);

export const listRunsQuery = pageQuery.extend({
  status: runStatus.optional(),
  workflow: z.string().trim().min(1).max(64).optional().describe("Workflow id or slug"),
  kind: z.enum(RUN_KINDS).optional(),
  version: z.preprocess(decimalOnly, z.coerce.number().int().min(1).max(1_000_000_000)).optional(),
  trigger: runTrigger.optional(),
  from: timestamp.optional().describe("Runs created at or after this time"),
  to: timestamp.optional().describe("Runs created before this time"),
});
export type ListRunsQuery = z.infer<typeof listRunsQuery>;

const runError = z.object({ code: z.string(), message: z.string().optional(), nodeId: z.string().optional() }).passthrough();

export const runResponse = z.object({
  id: z.string(),
  kind: z.enum(RUN_KINDS).describe("workflow: a graph executed by the engine; agent: one request through the gateway, its LLM and tool calls as steps"),
  workflowId: z.string().nullable().describe("null for agent runs"),
  workflow: z.object({ id: z.string(), slug: z.string(), name: z.string() }).nullable(),
  agent: z.object({ id: z.string(), slug: z.string(), name: z.string() }).nullable().describe("The agent of an agent run"),
  endUserId: z.string().nullable().describe("The end user the gateway verified (agent runs)"),
  versionNumber: z.number().int().nullable().describe("null for a test run of the draft"),
  status: runStatus,
  trigger: runTrigger,
  input: jsonValue,
  output: jsonValue.nullable(),
  error: runError.nullable(),
  budget: usdMicros,
  creditHold: usdMicros.describe("Credits reserved from the balance for this run: its expected cost for a workflow run (0 once it ended); the budget, not the hold, stops it"),
  spent: usdMicros,
  unit: z.literal("usd_micros"),
  startedById: z.string().nullable(),
  startedByTokenId: z.string().nullable(),
  inboundSubscriptionId: z.string().nullable(),
  rerunOfId: z.string().nullable(),
  rerunFromNodeId: z.string().nullable(),
  cancelRequestedAt: timestamp.nullable(),
  lastEventSeq: z.number().int().describe("Sequence number of the run's latest event (SSE id)"),
  createdAt: timestamp,
  startedAt: timestamp.nullable(),
  finishedAt: timestamp.nullable(),
  updatedAt: timestamp,
});
export type RunDto = z.infer<typeof runResponse>;

export const runDetailResponse = runResponse.extend({
  graph: z.record(z.string(), z.unknown()).describe("The graph this run executes (a snapshot of its version, or of the draft)"),
});
export type RunDetailDto = z.infer<typeof runDetailResponse>;

export const runPage = page(runResponse);

const userRef = z.object({ id: z.string(), email: z.string(), name: z.string().nullable() });

const stepApproval = z.object({
  id: z.string(),
  status: z.enum(["pending", "approved", "rejected", "expired", "canceled"]),
  message: z.string(),
  approverRole: z.string(),
  allowSelfApproval: z.boolean(),
  expiresAt: timestamp,
  decidedBy: userRef.nullable(),
  decidedAt: timestamp.nullable(),
  comment: z.string().nullable(),
});

const usageRecordResponse = z.object({
  id: z.string(),
  nodeId: z.string(),
  attempt: z.number().int(),
  kind: z.string().describe("llm | http | tool | step"),
  provider: z.string().nullable(),
  model: z.string().nullable(),
  keySource: z.string().nullable(),
  tokensIn: z.number().int(),
  tokensOut: z.number().int(),
  quantity: z.number().int(),
  estimated: z.boolean().describe("true when the vendor reported no usage (the client left mid-stream) and the tokens are the gateway's estimate"),
  cost: usdMicros.describe("At list price, usd_micros"),
  charge: usdMicros.describe("What the workspace was charged, usd_micros"),
  unit: z.literal("usd_micros"),
  createdAt: timestamp,
});

const runStepResponse = z.object({
  id: z.string(),
  nodeId: z.string(),
  nodeType: z.string(),
  nodeName: z.string().nullable(),
  seq: z.number().int(),
  status: z.enum(["running", "succeeded", "failed", "skipped", "waiting_approval", "canceled", "reused"]),
  attempts: z.number().int(),
  attemptLog: z.array(z.unknown()).describe("One entry per try: { attempt, startedAt, finishedAt, latencyMs, error? }; a try interrupted by its worker stopping is kept with `abandoned: true` (the attempt was made again with the same idempotency key)"),
  input: jsonValue.nullable().describe("What the step recorded as its input: the rendered request of an llm, http or tool step (resolved values); the expression of a transform, condition or output step"),
  reads: z
    .object({ input: jsonValue.optional(), steps: z.record(z.string(), z.object({ output: jsonValue })).optional() })
    .nullable()
    .describe("The values the step's expressions read when it ran: the run's `input` and `steps.<id>.output` of the earlier steps they name. null for a step without expressions"),
  output: jsonValue.nullable(),
  error: jsonValue.nullable(),
  tokensIn: z.number().int().nullable(),
  tokensOut: z.number().int().nullable(),
  cost: usdMicros,
  unit: z.literal("usd_micros"),
  latencyMs: z.number().int().nullable(),
  startedAt: timestamp,
  finishedAt: timestamp.nullable(),
  approval: stepApproval.nullable(),
  usage: z.array(usageRecordResponse),
});

export const runStepsResponse = z.object({
  run: runResponse,
  steps: z.array(runStepResponse),
  usage: z.array(usageRecordResponse),
  totals: z.object({ cost: usdMicros, charge: usdMicros, tokensIn: z.number().int(), tokensOut: z.number().int(), unit: z.literal("usd_micros") }),
});
export type RunStepsDto = z.infer<typeof runStepsResponse>;

export const runEventsQuery = z.object({
  lastEventId: z.preprocess(decimalOnly, z.coerce.number().int().min(0).max(2_147_483_647)).optional().describe("Replay events after this seq (same as the Last-Event-ID header)"),
});

/** The `data` of each SSE message of GET /v1/runs/{id}/events (the event's `id` is `seq`). */
export const runEventMessage = z.object({
  runId: z.string(),
  seq: z.number().int(),
  type: z.string(),
  nodeId: z.string().nullable(),
  data: jsonValue,
  createdAt: timestamp,
});
export type RunEventMessage = z.infer<typeof runEventMessage>;

/** The `data` of each SSE message of GET /v1/runs/live. */
export const liveRunMessage = z.object({ runId: z.string(), seq: z.number().int(), type: z.string(), status: runStatus, run: runResponse });
export type LiveRunMessage = z.infer<typeof liveRunMessage>;
