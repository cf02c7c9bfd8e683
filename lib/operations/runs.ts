import { z } from "zod";
import { idParams } from "@/lib/schemas/common";
import { listRunsQuery, liveRunMessage, rerunBody, runDetailResponse, runEventMessage, runEventsQuery, runPage, runResponse, runStepsResponse, startRunBody } from "@/lib/schemas/runs";
import { json } from "@/lib/api/with-auth";
import { cancelRun as cancel } from "@/lib/runs/cancel-run";
import { getRun as get } from "@/lib/runs/get-run";
import { getRunSteps as getSteps } from "@/lib/runs/get-run-steps";
import { getRunReceipt as receipt } from "@/lib/runs/receipts/get-run-receipt";
import { runReceiptResponse } from "@/lib/schemas/run-receipts";
import { listRuns as list } from "@/lib/runs/list-runs";
import { rerunRun as rerun } from "@/lib/runs/rerun-run";
import { startRunFromApi } from "@/lib/runs/start-run-from-api";
import { sseResponse } from "@/lib/api/sse";
import { streamLiveRuns as streamLive } from "@/lib/runs/stream-live-runs";
import { lastEventIdOf, openRunEventStream } from "@/lib/runs/stream-run-events";
import type { RunDto, StartRunBody } from "@/lib/schemas/runs";
import { waitForRun } from "@/lib/runs/wait-for-run";
import type { ProjectContext } from "@/lib/api/with-auth";
import { defineResource, type OperationResponse } from "./define";


const eventStream: OperationResponse = { description: "An event stream", contentType: "text/event-stream", schema: z.string().meta({ description: "text/event-stream" }) };
/** Starting a run reserves credits: without any left the answer is a 402 `insufficient_credits`. */
export const noCredits: OperationResponse = { description: "The workspace has no credits left to start a run", schema: (c) => c.Error };

const READ = { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false };

/** runs_start's arguments beyond the REST body: the Idempotency-Key header, and how long to wait. */
const startRunExtra = z.strictObject({
  idempotencyKey: z
    .string()
    .regex(/^[\x21-\x7e]{1,255}$/, "1–255 printable ASCII characters")
    .describe("Required. The same key with the same arguments returns the first run instead of starting another (24 h; keys are scoped to the workflow)"),
  waitSeconds: z.int().min(0).max(25).optional().describe("Wait up to this many seconds (≤ 25) for the run to end or pause for an approval. Default 0: return at once"),
});

/** runs_start: POST /v1/workflows/{id}/runs with trigger `mcp`, the key from the arguments, and an optional short wait. */
async function startRunFromMcp(ctx: ProjectContext, idOrSlug: string, body: StartRunBody, extra: z.infer<typeof startRunExtra>): Promise<RunDto> {
  const outcome = await startRunFromApi(ctx, idOrSlug, body, { idempotencyKey: extra.idempotencyKey, via: "mcp" });
  const run = outcome.body as RunDto;
  return extra.waitSeconds ? waitForRun(ctx, run, extra.waitSeconds) : run;
}

// RunEventMessage and LiveRunMessage: the `data` of the SSE messages, documented as components for clients to generate types from.
export const runs = defineResource({ tags: ["Runs"], auth: "project", components: { Run: runResponse, RunEventMessage: runEventMessage, LiveRunMessage: liveRunMessage, RunDetail: runDetailResponse } }, (op) => ({
  startRun: op({
    route: "POST /v1/workflows/{id}/runs",
    summary: "Start a run",
    description: [
      "Runs the latest published version of the workflow (`{id}` is its id or slug), or `version`, or — with `draft: true`, which also needs `workflow.write` — the current draft as a test run. The input is validated against the trigger's `inputSchema` (422 with one detail per problem).",
      "The budget ceiling (`budget`, usd_micros) defaults to the project's default run budget, else the platform's; credits are reserved when the run starts (402 `insufficient_credits` when the workspace has none left).",
      "`Idempotency-Key` (≤ 255 printable ASCII characters): the first answer is replayed for 24 h to requests with the same key and body (header `Idempotent-Replayed: true`), without starting another run; the same key with another body is a 422; a duplicate that arrives while the first is still running waits for it, or gets 409. Keys are scoped to the workspace and the workflow.",
    ].join("\n\n"),
    action: "run.start",
    params: idParams,
    body: startRunBody,
    errors: [409],
    responses: {
      201: { description: "The run, `queued`", schema: (c) => c.Run },
      402: noCredits,
    },
    handler: async (ctx, { params, body }) => {
      const result = await startRunFromApi(ctx, params.id, body, { idempotencyKey: ctx.req.headers.get("idempotency-key") });
      return json(result.body, result.status, result.replayed ? { "Idempotent-Replayed": "true" } : {});
    },
    mcp: {
      name: "runs_start",
      description:
        "Start a run of a workflow (`id`: its id or slug) with `input` matching the trigger's input JSON Schema (see workflows_get); runs the latest published version unless `version` is given. Returns the run (`id`, `status`); with `waitSeconds` (≤ 25) it waits that long at most for the run to end or pause for an approval, then use runs_get or run_steps_list.",
      annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: true },
      extra: startRunExtra,
      call: async (ctx, { params, body, extra }) => startRunFromMcp(ctx, params.id, body, startRunExtra.parse(extra)),
    },
  }),

  listRuns: op({
    route: "GET /v1/runs",
    summary: "List the project's runs",
    description: "Newest first. Filter by `status`, `workflow` (id or slug), `version`, `trigger` and creation time (`from` inclusive, `to` exclusive).",
    action: "run.read",
    query: listRunsQuery,
    responses: { 200: { description: "A page of runs", schema: runPage } },
    handler: async (ctx, { query }) => list(ctx, query),
    mcp: { name: "runs_list", annotations: READ },
  }),

  streamLiveRuns: op({
    route: "GET /v1/runs/live",
    summary: "Live run events of the project (Server-Sent Events)",
    description: [
      "Every run event of the project as it happens, as SSE `data:` lines holding `{ runId, seq, type, status, run }` (`run` is the updated Run). No polling: the stream stays open (a `: ping` comment every 15 s).",
      "`event: resync` means events may have been missed (the server lost its database listener): reload the list once.",
    ].join("\n\n"),
    action: "run.read",
    responses: { 200: eventStream },
    handler: async (ctx) => sseResponse(ctx.req, (sink) => streamLive(ctx, sink)),
  }),

  getRun: op({
    route: "GET /v1/runs/{id}",
    summary: "Get a run",
    description: "The run with the graph it executes (a snapshot of its version, or of the draft for test runs).",
    action: "run.read",
    params: idParams,
    responses: { 200: { description: "The run", schema: (c) => c.RunDetail } },
    handler: async (ctx, { params }) => get(ctx, params.id),
    mcp: { name: "runs_get", annotations: READ },
  }),

  getRunSteps: op({
    route: "GET /v1/runs/{id}/steps",
    summary: "Reconstruct a run: steps, retries, approvals, costs",
    description:
      "Every step in execution order with its input, output, error, attempts and `attemptLog` (one entry per try), tokens, cost (usd_micros) and latency; approval gates with their decision, approver and comment; and the usage records the run was charged for.",
    action: "run.read",
    params: idParams,
    responses: { 200: { description: "The run, step by step", schema: runStepsResponse } },
    handler: async (ctx, { params }) => getSteps(ctx, params.id),
    mcp: { name: "run_steps_list", annotations: READ },
  }),

  getRunReceipt: op({
    route: "GET /v1/runs/{id}/receipt",
    summary: "A signed receipt of a run's steps",
    description: [
      "Every step as recorded, each with `hash` = hex(sha256(utf8(`prevHash` + canonical JSON of its hashed fields))), chained from the run's genesis hash in `seq` order; the link is written with the step, not computed for the receipt. `jws` is a compact JWS (EdDSA, the platform's key) over the chain head: run, workspace, step count, head hash, issue time.",
      "Verify offline with the platform's public keys at `/.well-known/agentruntime-keys.json` (lib's `verifyRunReceipt`, or any JOSE library and the canonicalization in the README): a step changed after it was written fails at that step.",
    ].join("\n\n"),
    action: "run.read",
    params: idParams,
    responses: { 200: { description: "The run's receipt", schema: runReceiptResponse } },
    handler: async (ctx, { params }) => receipt(ctx, params.id, { origin: new URL(ctx.req.url).origin }),
  }),

  streamRunEvents: op({
    route: "GET /v1/runs/{id}/events",
    summary: "A run's events (Server-Sent Events)",
    description: [
      "Replays the run's events after `Last-Event-ID` (or `?lastEventId`; both are an event `seq`), then streams new ones as they happen. Each message has `id: <seq>` and `data: { runId, seq, type, nodeId, data, createdAt }`.",
      "After the run's terminal event (`run.succeeded`, `run.failed`, `run.canceled`, `run.budget_exceeded`) the server sends `event: end` and closes the stream: clients should stop reconnecting. A `: ping` comment every 15 s keeps idle connections open.",
    ].join("\n\n"),
    action: "run.read",
    params: idParams,
    query: runEventsQuery,
    responses: { 200: eventStream },
    handler: async (ctx, { params, query }) => sseResponse(ctx.req, await openRunEventStream(ctx, params.id, lastEventIdOf(ctx.req.headers.get("last-event-id"), query.lastEventId))),
  }),

  cancelRun: op({
    route: "POST /v1/runs/{id}/cancel",
    summary: "Cancel a run",
    description:
      "A queued run or one waiting for an approval ends at once (`canceled`, its pending approval canceled, unspent credits released). A running run gets `cancelRequestedAt` and stops before its next step (the call in flight is aborted). An ended run answers 409.",
    action: "run.start",
    params: idParams,
    errors: [409],
    responses: { 200: { description: "The run", schema: (c) => c.Run } },
    handler: async (ctx, { params }) => cancel(ctx, params.id),
    mcp: { name: "runs_cancel", annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: false } },
  }),

  rerunRun: op({
    route: "POST /v1/runs/{id}/rerun",
    summary: "Rerun a run",
    description:
      "Starts a new run (`trigger: rerun`, `rerunOfId` set) of the same version with the same budget and, unless `input` is given, the same input. With `fromNodeId`, the steps before that node (its ancestors) are copied from the original run as `reused`, with their outputs, and are not executed again; they must have completed in the original run.",
    action: "run.start",
    params: idParams,
    body: rerunBody,
    errors: [409],
    responses: {
      201: { description: "The new run, `queued`", schema: (c) => c.Run },
      402: noCredits,
    },
    handler: async (ctx, { params, body }) => rerun(ctx, params.id, body),
  }),
}));
