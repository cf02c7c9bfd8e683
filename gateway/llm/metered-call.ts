import type { ServerResponse } from "node:http";
import { performance } from "node:perf_hooks";
import type { Dispatcher } from "undici";
import type pg from "pg";
import { newId } from "@/lib/core/ids";
import { logger } from "@/lib/core/logger";
import { chargeFor } from "@/lib/billing/pricing";
import { costMicros, findCatalogModel } from "@/lib/llm/catalog";
import { mapUpstreamError, openAiError, type OpenAIErrorResponse } from "@/lib/llm/wire/errors";
import { reserveOnRun, type AgentCallRecord } from "@/lib/agents/agent-usage";
import { finishAgentRun } from "@/lib/agents/agent-runs";
import type { EffectiveModel } from "@/lib/agents/agent-models";
import { readCapped } from "../http";
import { upstreamDispatcher } from "../upstream";
import { upstreamRequest } from "../observe";
import type { UsageBatcher } from "../usage-batcher";
import type { AgentDirectory } from "../directory";
import type { LimitKey, RateLimits } from "../limits";
import type { LlmCaller } from "./caller";
import type { UpstreamPlan, Usage } from "./plan";
import { forgetTarget, type Target } from "./targets";

// One model call through the gateway, metered: the worst case is held on the run before the
// call (or the call is refused with 402 and never made), the upstream answer is passed to the
// client, and the call's end — the response body, or the stream's final frame — is released
// only after its usage record is committed. Whatever the client saw complete has exactly one
// usage record; the record's unique key makes a second one impossible.

const UPSTREAM_HEADERS_TIMEOUT_MS = 120_000;
const UPSTREAM_BODY_TIMEOUT_MS = 300_000;
const MAX_RESPONSE_BYTES = 32 * 1024 * 1024;
const MAX_ERROR_BYTES = 64 * 1024;

/** `pool` serves budget holds (see gateway/db.ts); the batcher commits usage on its own pool. */
export type LlmDeps = { pool: pg.Pool; batcher: UsageBatcher; limits: RateLimits; directory: AgentDirectory };

export type CallSpec = {
  caller: LlmCaller;
  route: EffectiveModel;
  target: Target;
  plan: UpstreamPlan;
  kind: "chat" | "embeddings";
  /** Worst case, in usd_micros, held on the run before the call. */
  estimate: bigint;
  promptBytes: number;
  limitKeys: LimitKey[];
  extraHeaders: Record<string, string>;
  requestId: string;
};

export function sendOpenAi(res: ServerResponse, err: OpenAIErrorResponse, headers: Record<string, string> = {}): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  const payload = JSON.stringify(err.body);
  res.writeHead(err.status, { "content-type": "application/json", "content-length": Buffer.byteLength(payload), ...(err.retryAfter ? { "retry-after": err.retryAfter } : {}), ...headers });
  res.end(payload);
}

export async function meteredCall(res: ServerResponse, deps: LlmDeps, spec: CallSpec): Promise<void> {
  const { caller, plan, target } = spec;
  const headers = { "x-request-id": spec.requestId, "x-agentruntime-run-id": caller.run.id, ...spec.extraHeaders };
  const reservation = await reserveOnRun(deps.pool, caller.run, caller.tokenId, spec.estimate);
  if (reservation !== "held") {
    if (caller.ownRun) {
      const ownRun = caller.ownRun;
      finishAgentRun(ownRun, "budget_exceeded", { error: { code: "budget_exceeded", message: "The call's worst case passes the run's budget" } }).catch((err) => logger.error("gateway: could not finish a call's run", { runId: ownRun.id, err }));
    }
    if (reservation === "token_revoked") {
      deps.directory.forgetToken(caller.tokenHash);
      return sendOpenAi(res, openAiError(401, "invalid_api_key", "The agent token was revoked or has expired", "authentication_error"), { ...headers, "www-authenticate": 'Bearer error="invalid_token"' });
    }
    if (reservation === "run_finished") {
      return sendOpenAi(res, openAiError(409, "run_finished", "The request this context token belongs to has ended; calls are accepted while it runs", "invalid_request_error"), headers);
    }
    return sendOpenAi(res, openAiError(402, "budget_exceeded", "This call's worst case would pass the run's budget; it was not sent to the model", "insufficient_quota"), headers);
  }

  const startedAt = new Date();
  const t0 = performance.now();
  const catalog = findCatalogModel(target.vendor, spec.route.model);
  const record = (status: "succeeded" | "failed", usage: Usage | null, estimated: Usage | null, error: { code: string; message: string } | null): AgentCallRecord => {
    const tokens = usage ?? estimated ?? { tokensIn: 0, tokensOut: 0 };
    const cost = catalog ? BigInt(costMicros(catalog, tokens.tokensIn, tokens.tokensOut)) : 0n;
    const usageId = newId("usage");
    return {
      usageId,
      ledgerId: newId("ledger"),
      stepId: newId("runStep"),
      runId: caller.run.id,
      workspaceId: caller.run.workspaceId,
      projectId: caller.run.projectId,
      nodeId: `llm-${usageId.slice(4)}`,
      nodeType: "llm",
      status,
      provider: target.vendor,
      model: spec.route.model,
      keySource: target.keySource,
      tokensIn: tokens.tokensIn,
      tokensOut: tokens.tokensOut,
      cost,
      charge: cost > 0n ? chargeFor({ kind: "llm", cost, keySource: target.keySource }) : 0n,
      reserved: spec.estimate,
      estimated: usage === null && estimated !== null,
      startedAt,
      finishedAt: new Date(startedAt.getTime() + Math.round(performance.now() - t0)),
      stepInput: { kind: spec.kind, model: spec.route.model, role: spec.route.role, vendor: target.vendor, providerId: target.providerId, endUserId: caller.endUserId, stream: plan.stream },
      stepOutput: status === "succeeded" ? { estimated: usage === null } : null,
      stepError: error,
    };
  };
  const settle = async (rec: AgentCallRecord) => {
    await deps.batcher.commit(rec);
    deps.limits.record(spec.limitKeys, rec.tokensIn + rec.tokensOut);
    if (caller.ownRun) {
      const ownRun = caller.ownRun;
      finishAgentRun(ownRun, rec.status === "succeeded" ? "succeeded" : "failed", rec.stepError ? { error: rec.stepError } : {}).catch((err) => logger.error("gateway: could not finish a call's run", { runId: ownRun.id, err }));
    }
  };
  const settleQuietly = (rec: AgentCallRecord) => settle(rec).catch((err) => logger.error("gateway: usage commit failed", { runId: rec.runId, err }));

  const abort = new AbortController();
  let clientGone = false;
  res.on("close", () => {
    if (!res.writableFinished) {
      clientGone = true;
      abort.abort();
    }
  });

  let upstream: Dispatcher.ResponseData;
  try {
    const dispatcher = await upstreamDispatcher(plan.url);
    upstream = await upstreamRequest("llm", dispatcher, {
      origin: plan.url.origin,
      path: plan.url.pathname + plan.url.search,
      method: "POST",
      headers: plan.headers,
      body: plan.body,
      signal: abort.signal,
      headersTimeout: UPSTREAM_HEADERS_TIMEOUT_MS,
      bodyTimeout: UPSTREAM_BODY_TIMEOUT_MS,
    });
  } catch (err) {
    const failure = { code: clientGone ? "client_closed" : "upstream_unreachable", message: clientGone ? "The client went away" : "The model vendor could not be reached" };
    if (!clientGone) logger.warn("gateway: model upstream unreachable", { url: plan.url.origin, err });
    await settleQuietly(record("failed", null, null, failure));
    return sendOpenAi(res, openAiError(502, "upstream_unreachable", "The model vendor could not be reached", "server_error"), headers);
  }

  if (upstream.statusCode >= 400) {
    const text = (await readCapped(upstream.body, MAX_ERROR_BYTES)).toString("utf8");
    if (upstream.statusCode === 401 || upstream.statusCode === 403) forgetTarget(caller.run.workspaceId, spec.route);
    const retryAfter = upstream.headers["retry-after"];
    const mapped = mapUpstreamError({ status: upstream.statusCode, body: text, retryAfter: typeof retryAfter === "string" ? retryAfter : null, secret: target.apiKey });
    await settleQuietly(record("failed", null, null, { code: mapped.body.error.code ?? "upstream_error", message: mapped.body.error.message }));
    return sendOpenAi(res, mapped, headers);
  }

  if (!plan.stream) {
    let buf: Buffer;
    try {
      buf = await readCapped(upstream.body, MAX_RESPONSE_BYTES);
    } catch {
      await settleQuietly(record("failed", null, estimateOf(spec, 0), { code: clientGone ? "client_closed" : "upstream_stream_failed", message: "The model's answer broke off" }));
      return sendOpenAi(res, openAiError(502, "upstream_error", "The model vendor's answer broke off", "server_error"), headers);
    }
    let out;
    try {
      out = plan.complete(buf);
    } catch (err) {
      logger.warn("gateway: unreadable model answer", { err });
      await settleQuietly(record("failed", null, estimateOf(spec, buf.length), { code: "upstream_error", message: "The model vendor's answer could not be read" }));
      return sendOpenAi(res, openAiError(502, "upstream_error", "The model vendor's answer could not be read", "server_error"), headers);
    }
    try {
      await settle(record("succeeded", out.usage, out.usage ? null : estimateOf(spec, buf.length), null));
    } catch (err) {
      logger.error("gateway: usage commit failed; the answer is withheld", { err });
      return sendOpenAi(res, openAiError(503, "metering_unavailable", "The call's usage could not be recorded; try again", "server_error"), headers);
    }
    if (clientGone) return;
    const body = out.body;
    res.writeHead(200, { "content-type": out.contentType, "content-length": Buffer.byteLength(body), ...headers });
    res.end(body);
    return;
  }

  const adapter = plan.streamAdapter();
  res.writeHead(200, { "content-type": "text/event-stream; charset=utf-8", "cache-control": "no-cache", "x-accel-buffering": "no", ...headers });
  res.flushHeaders();
  let sentBytes = 0;
  let broken = false;
  try {
    for await (const chunk of upstream.body as AsyncIterable<Buffer>) {
      const out = adapter.push(chunk);
      if (out.length > 0 && !clientGone) {
        sentBytes += out.length;
        if (!res.write(out)) await new Promise<void>((r) => (res.once("drain", r), res.once("close", r)));
      }
    }
    const rest = adapter.end();
    if (rest.length > 0 && !clientGone) res.write(rest);
  } catch {
    broken = true;
  }
  const usage = adapter.usage;
  const complete = adapter.done && !broken && !adapter.failed;
  const rec = record(
    complete || usage ? "succeeded" : "failed",
    usage,
    usage ? null : estimateOf(spec, sentBytes),
    complete ? null : { code: clientGone ? "client_closed" : "upstream_stream_failed", message: clientGone ? "The client went away mid-stream" : "The model's stream ended early" },
  );
  try {
    await settle(rec);
  } catch (err) {
    logger.error("gateway: usage commit failed; the stream is cut before its end", { err });
    res.destroy();
    return;
  }
  if (clientGone) return;
  if (complete) res.end(adapter.takeHeldTail());
  else res.destroy();
}

/** Tokens when the vendor reported none: the prompt at ~4 bytes a token, the answer from what was streamed. */
function estimateOf(spec: CallSpec, answerBytes: number): Usage {
  return { tokensIn: Math.ceil(spec.promptBytes / 4), tokensOut: Math.ceil(answerBytes / 40) };
}
