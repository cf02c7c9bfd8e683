import type { IncomingHttpHeaders } from "node:http";
import { performance } from "node:perf_hooks";
import type { Dispatcher } from "undici";
import { addLogContext } from "@/lib/core/log-context";
import type pg from "pg";
import { ApiError, workspacePendingDeletion } from "@/lib/core/errors";
import { newId } from "@/lib/core/ids";
import { intEnv } from "@/lib/core/env";
import { logger } from "@/lib/core/logger";
import { publicOrigin } from "@/lib/core/public-origin";
import { chargeFor } from "@/lib/billing/pricing";
import { EgressDenied } from "@/lib/net/egress/resolve-host";
import { CONTEXT_HEADER } from "@/lib/agents/context-token";
import { finishAgentRun, openAgentRun, type AgentRunRef } from "@/lib/agents/agent-runs";
import { reserveOnRun, type AgentCallRecord } from "@/lib/agents/agent-usage";
import { redact } from "@/lib/calls/redact";
import { bodyHash, callHash, capabilityAllows, decidePolicy, normalizeToolPath } from "@/lib/tools/match";
import { requestCallApproval, takeGrant } from "@/lib/tools/call-approvals";
import { applyToolCredential } from "@/lib/tools/credential";
import { isWithheldHeader } from "@/lib/tools/withheld-headers";
import { TOOL_MAX_BODY_BYTES } from "@/lib/schemas/tools";
import type { AgentConfig, AgentDirectory } from "../directory";
import { verifiedContext } from "../context";
import { BodyTooLarge, bearerOf, readBody, sendError, sendJson, type Ctx } from "../http";
import type { LimitKey, RateLimits } from "../limits";
import { HOP_BY_HOP, upstreamDispatcher } from "../upstream";
import { upstreamRequest } from "../observe";
import type { UsageBatcher } from "../usage-batcher";
import type { ToolConfig, ToolDirectory } from "./directory";

// The egress tool proxy (seed 002, stage 3): an agent calls <gateway>/t/<tool>/<path> with its
// agent token (and the context token of the end-user request it serves). In order:
//   identity (agent token, context) → tool → path normalization → policy → capabilities →
//   rate limits → approval (a grant for this exact call, or an access request) → budget hold →
//   credential injection → X-End-User-ID from the verified chain → forward over the pinned
//   egress agent (no redirects) → the answer streamed back, its end held until the call's step
//   is committed.
// Nothing is forwarded, and no credential is loaded, for a call refused at any step. Rate limits
// come before approval so a throttled loop neither opens access requests nor spends grants.

export type ToolDeps = { directory: AgentDirectory; tools: ToolDirectory; pool: pg.Pool; batcher: UsageBatcher; limits: RateLimits };

const MAX_BODY = () => intEnv("GATEWAY_TOOL_MAX_BODY_BYTES", TOOL_MAX_BODY_BYTES, { invalid: "fallback" });
const TIMEOUT_MS = () => intEnv("GATEWAY_TOOL_TIMEOUT_MS", 120_000, { invalid: "fallback" });
const AGENT_CALLS_PER_MINUTE = () => intEnv("GATEWAY_TOOL_CALLS_PER_MINUTE_PER_AGENT", 600, { invalid: "fallback" });
const TOOL_CALLS_PER_MINUTE = () => intEnv("GATEWAY_TOOL_CALLS_PER_MINUTE", 6_000, { invalid: "fallback" });
const RECORDED_BODY_BYTES = 4096;


/** Errors that mean no connection to the tool was ever made (refused, unresolvable, connect timeout). */
const CONNECT_FAILURES = new Set(["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "EHOSTUNREACH", "ENETUNREACH", "UND_ERR_CONNECT_TIMEOUT"]);

type Refusal = { status: number; code: string; message: string; headers?: Record<string, string> };

export async function handleToolCall(ctx: Ctx, deps: ToolDeps, name: string, rawRest: string): Promise<void> {
  const { req, res } = ctx;
  const method = (req.method ?? "GET").toUpperCase();

  // Identity: the agent token, and the end-user request's context when there is one.
  const token = bearerOf(req);
  const found = token ? await deps.directory.agentForToken(token) : null;
  if (!found) return sendError(ctx, 401, "unauthorized", "Send the agent's token (ar_agt_…) as Authorization: Bearer", { "www-authenticate": "Bearer" });
  const { agent, tokenId, tokenHash } = found;
  addLogContext({ agentId: agent.id, workspaceId: agent.workspaceId, projectId: agent.projectId });
  if (agent.pendingDeletion) return sendError(ctx, 403, "workspace_pending_deletion", workspacePendingDeletion().message);

  const tool = await deps.tools.tool(agent.projectId, name);
  if (!tool) return sendError(ctx, 404, "unknown_tool", `The agent's project has no tool named ${name}`);

  let run: { id: string; workspaceId: string; projectId: string } | null = null;
  let endUserId: string | null = null;
  const rawContext = req.headers[CONTEXT_HEADER];
  if (rawContext !== undefined) {
    const context = typeof rawContext === "string" ? await verifiedContext(rawContext, agent.id) : null;
    if (!context) return sendError(ctx, 401, "invalid_context", "The X-Agentruntime-Context token is invalid, expired or was issued to another agent");
    run = { id: context.runId, workspaceId: context.workspaceId, projectId: context.projectId };
    endUserId = context.endUserId;
    addLogContext({ runId: context.runId });
  }

  const target = normalizeToolPath(rawRest);
  if (!target.ok) return sendError(ctx, 400, "invalid_path", `${target.reason}; nothing was forwarded`);
  const { path, search } = target;

  const call = new ToolCall(deps, agent, tool, tokenId, method, path, endUserId, run);
  const refuse = async (r: Refusal, decision: string) => {
    await call.recordRefusal(r, decision);
    sendError(ctx, r.status, r.code, r.message, { ...r.headers, ...call.headers() });
  };

  const policy = decidePolicy(tool.policies.get(agent.id) ?? [], { method, path, endUserId });
  call.policyId = policy?.id ?? null;
  if (!policy || policy.effect === "deny") {
    const message = policy ? `${agent.slug} is denied ${method} ${path} on ${tool.name} by its policy` : `No policy lets ${agent.slug} call ${tool.name} (${method} ${path}): calls are denied unless a binding allows them`;
    return refuse({ status: 403, code: "policy_denied", message }, "deny");
  }
  if (!capabilityAllows(tool.capabilities, method, path)) {
    return refuse({ status: 403, code: "capability_denied", message: `${tool.name} does not declare ${method} ${path}: only its capabilities may be called` }, "capability_denied");
  }

  let body: Buffer;
  try {
    body = method === "GET" || method === "HEAD" ? await readBody(req, 0).catch(() => Buffer.alloc(0)) : await readBody(req, MAX_BODY());
  } catch (err) {
    if (err instanceof BodyTooLarge) return refuse({ status: 413, code: "payload_too_large", message: `The request body is larger than ${MAX_BODY()} bytes` }, "payload_too_large");
    throw err;
  }

  const limited = await deps.limits.take(limitKeys(agent, tool, policy, endUserId));
  call.limitHeaders = limited.headers;
  if (!limited.ok) {
    return refuse({ status: 429, code: "rate_limited", message: "Too many calls to this tool; retry later", headers: { ...limited.headers, "retry-after": String(limited.retryAfterS) } }, "rate_limited");
  }

  if (policy.effect === "approval_required") {
    const bound = { agentId: agent.id, endUserId, toolId: tool.id, method, path: path + search, bodyHash: bodyHash(body, req.headers["content-type"]) };
    const hash = callHash(bound);
    const grant = await takeGrant(tool.workspaceId, hash);
    if (!grant) {
      const ref = await call.ensureRun();
      if (!ref.ok) return refuse(ref.refusal, "refused");
      const { approvalId } = await requestCallApproval({ ...bound, workspaceId: tool.workspaceId, projectId: tool.projectId, runId: ref.run.id, toolName: tool.name, callHash: hash });
      call.approvalId = approvalId;
      await call.recordRefusal({ status: 403, code: "APPROVAL_REQUIRED", message: "Waiting for approval" }, "approval_required");
      const approvalUrl = `${publicOrigin()}/w/${tool.workspaceSlug}/projects/${tool.projectSlug}/approvals?approval=${approvalId}`;
      return sendJson(
        res,
        403,
        {
          error: {
            code: "APPROVAL_REQUIRED",
            message: `${method} ${tool.name}${path} needs approval; retry the identical call once it is approved`,
            accessRequestId: approvalId,
            approvalUrl,
            requestId: ctx.requestId,
          },
        },
        { "x-request-id": ctx.requestId, ...call.headers() },
      );
    }
    call.approvalId = grant.approvalId;
    call.approvedBy = grant.decidedById;
  }

  // The budget: the call's price held on the run (one budget across LLM, tool and egress calls).
  const ref = await call.ensureRun();
  if (!ref.ok) return refuse(ref.refusal, "refused");
  const held = await reserveOnRun(deps.pool, ref.run, tokenId, call.price);
  if (held !== "held") {
    if (held === "token_revoked") {
      deps.directory.forgetToken(tokenHash);
      return refuse({ status: 401, code: "unauthorized", message: "The agent token was revoked or has expired" }, "token_revoked");
    }
    if (held === "run_finished") return refuse({ status: 409, code: "run_finished", message: "The request this context token belongs to has ended" }, "run_finished");
    return refuse({ status: 402, code: "budget_exceeded", message: "This call would pass the run's budget; it was not sent" }, "budget_exceeded");
  }
  call.reserved = call.price;

  const url = new URL(tool.baseUrl);
  const basePath = url.pathname.replace(/\/+$/, "");
  url.pathname = basePath + (path === "/" && basePath ? "" : path) || "/";
  url.search = search;
  const credential = await applyToolCredential(tool.credential, { method, url, headers: forwardHeaders(req.headers, tool, endUserId, ctx.requestId, body.length), body });
  if (!credential.ok) return refuse({ status: credential.status, code: credential.code, message: credential.message }, "credential_failed");
  const outgoing = credential.request;
  call.secrets = credential.secrets;
  if (tool.recordBodies) call.requestBody = body;

  let dispatcher: Dispatcher;
  try {
    dispatcher = await upstreamDispatcher(outgoing.url);
  } catch (err) {
    if (err instanceof EgressDenied) return refuse({ status: 502, code: "tool_unreachable", message: `The tool's host is refused: ${err.message}` }, "egress_denied");
    throw err;
  }

  const abort = new AbortController();
  let clientGone = false;
  res.on("close", () => {
    if (!res.writableFinished) {
      clientGone = true;
      abort.abort();
    }
  });
  let upstream: Dispatcher.ResponseData;
  let answered = false;
  call.sent = true;
  try {
    const send = (r: typeof outgoing) =>
      upstreamRequest("tool", dispatcher, {
        origin: r.url.origin,
        path: r.url.pathname + r.url.search,
        method: method as Dispatcher.HttpMethod,
        headers: r.headers,
        body: r.body.length > 0 ? r.body : null,
        signal: abort.signal,
        headersTimeout: TIMEOUT_MS(),
        bodyTimeout: TIMEOUT_MS(),
      });
    upstream = await send(outgoing);
    answered = true;
    // An OAuth token the upstream refuses before its expiry (revoked, rotated): refresh it once and
    // send the call again — a 401 means the upstream did not act on it.
    if (upstream.statusCode === 401 && tool.credential.credentialKind === "oauth2" && call.secrets[0]) {
      const retry = await applyToolCredential(tool.credential, { method, url, headers: forwardHeaders(req.headers, tool, endUserId, ctx.requestId, body.length), body }, { rejected: call.secrets[0] });
      if (retry.ok && retry.secrets[0] !== call.secrets[0]) {
        await upstream.body.dump();
        call.secrets = [...new Set([...call.secrets, ...retry.secrets])];
        upstream = await send(retry.request);
      }
    }
  } catch (err) {
    // No connection was made: the request never left, so the call costs nothing.
    if (!answered && CONNECT_FAILURES.has((err as { code?: string }).code ?? "")) call.sent = false;
    const failure = clientGone ? { status: 499, code: "client_closed", message: "The agent went away" } : { status: 502, code: "tool_unreachable", message: "The tool could not be reached" };
    await call.settle("failed", null, failure).catch((err) => logger.error("gateway: tool call record failed", { err }));
    if (!clientGone) sendError(ctx, 502, failure.code, failure.message, call.headers());
    return;
  }

  const headers: Record<string, string | string[]> = {};
  for (const [h, value] of Object.entries(upstream.headers)) if (value !== undefined && !HOP_BY_HOP.has(h) && h !== "set-cookie") headers[h] = value;
  const status = upstream.statusCode;
  res.writeHead(status, { ...headers, ...call.headers() });
  const recorded: Buffer[] = [];
  let recordedBytes = 0;
  let bytes = 0;
  let broken = false;
  try {
    for await (const chunk of upstream.body as AsyncIterable<Buffer>) {
      bytes += chunk.length;
      if (tool.recordBodies && recordedBytes < RECORDED_BODY_BYTES) {
        recorded.push(chunk.subarray(0, RECORDED_BODY_BYTES - recordedBytes));
        recordedBytes += Math.min(chunk.length, RECORDED_BODY_BYTES - recordedBytes);
      }
      if (clientGone) continue;
      if (!res.write(chunk)) await new Promise<void>((r) => (res.once("drain", r), res.once("close", r)));
    }
  } catch {
    broken = true;
  }
  if (tool.recordBodies) call.responseBody = Buffer.concat(recorded);
  const ok = !broken && !clientGone;
  try {
    await call.settle(ok && status < 500 ? "succeeded" : "failed", { status, bytes }, ok ? (status < 500 ? null : { code: "tool_error", message: `The tool answered ${status}` }) : { code: clientGone ? "client_closed" : "tool_stream_failed", message: clientGone ? "The agent went away mid-answer" : "The tool's answer broke off" });
  } catch (err) {
    logger.error("gateway: tool call record failed; the answer is cut before its end", { err });
    res.destroy();
    return;
  }
  if (clientGone) return;
  if (broken) res.destroy();
  else res.end();
}

function limitKeys(agent: AgentConfig, tool: ToolConfig, policy: { id: string; callsPerMinute: number | null; endUserCallsPerMinute: number | null }, endUserId: string | null): LimitKey[] {
  const keys: LimitKey[] = [
    { name: "gw_tool_agent", key: agent.id, perMinute: AGENT_CALLS_PER_MINUTE() },
    { name: "gw_tool", key: tool.id, perMinute: tool.callsPerMinute ?? TOOL_CALLS_PER_MINUTE() },
  ];
  if (policy.callsPerMinute) keys.push({ name: "gw_tool_policy", key: policy.id, perMinute: policy.callsPerMinute });
  if (policy.endUserCallsPerMinute && endUserId) keys.push({ name: "gw_tool_end_user", key: `${policy.id}:${endUserId}`, perMinute: policy.endUserCallsPerMinute });
  return keys;
}

function forwardHeaders(incoming: IncomingHttpHeaders, tool: ToolConfig, endUserId: string | null, requestId: string, length: number): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(incoming)) {
    if (value === undefined || HOP_BY_HOP.has(name) || name === "content-length" || isWithheldHeader(name, tool.credential.credentialName)) continue;
    out[name] = Array.isArray(value) ? value.join(", ") : value;
  }
  out.host = tool.baseUrl.host;
  out["x-request-id"] = requestId;
  if (endUserId !== null) out["x-end-user-id"] = endUserId;
  if (length > 0) out["content-length"] = String(length);
  return out;
}

/** One call's bookkeeping: its run (the context's, or one of its own), and its step. */
class ToolCall {
  policyId: string | null = null;
  approvalId: string | null = null;
  approvedBy: string | null = null;
  limitHeaders: Record<string, string> = {};
  secrets: string[] = [];
  requestBody: Buffer | null = null;
  responseBody: Buffer | null = null;
  reserved = 0n;
  sent = false;
  readonly price = chargeFor({ kind: "tool" });
  private ownRun: AgentRunRef | null = null;
  private readonly startedAt = new Date();
  private readonly t0 = performance.now();

  constructor(
    private readonly deps: ToolDeps,
    private readonly agent: AgentConfig,
    private readonly tool: ToolConfig,
    private readonly tokenId: string,
    private readonly method: string,
    private readonly path: string,
    private readonly endUserId: string | null,
    private run: { id: string; workspaceId: string; projectId: string } | null,
  ) {}

  /** Our rate-limit view under our own names (a tool's own X-RateLimit-* headers pass unchanged), and the run. */
  headers(): Record<string, string> {
    const out: Record<string, string> = {};
    for (const [k, v] of Object.entries(this.limitHeaders)) out[k.replace(/^x-ratelimit-/, "x-agentruntime-ratelimit-")] = v;
    if (this.run) out["x-agentruntime-run-id"] = this.run.id;
    return out;
  }

  /** The call's run: the end-user request's, or — for an agent acting on its own — one opened for this call. */
  async ensureRun(): Promise<{ ok: true; run: { id: string; workspaceId: string; projectId: string } } | { ok: false; refusal: Refusal }> {
    if (this.run) return { ok: true, run: this.run };
    try {
      this.ownRun = await openAgentRun({ agent: this.agent, endUserId: null, request: { method: this.method, path: `/t/${this.tool.name}${this.path}`, via: "tool" } });
    } catch (err) {
      if (err instanceof ApiError && err.code === "insufficient_credits") return { ok: false, refusal: { status: 402, code: "insufficient_credits", message: err.message } };
      throw err;
    }
    this.run = { id: this.ownRun.id, workspaceId: this.ownRun.workspaceId, projectId: this.ownRun.projectId };
    return { ok: true, run: this.run };
  }

  /** A refused call is a step of its run when it has one that still runs (an agent acting on its own gets no run for a refusal). */
  async recordRefusal(r: Refusal, decision: string): Promise<void> {
    if (!this.run || r.code === "run_finished") {
      logger.info("gateway: tool call refused", { agentId: this.agent.id, toolId: this.tool.id, method: this.method, path: this.path, code: r.code });
      return;
    }
    await this.settle("failed", null, { code: r.code, message: r.message }, decision).catch((err) => logger.error("gateway: tool call record failed", { err }));
  }

  /** Commits the call's step (and its usage and charge when it was forwarded); ends a run of its own. */
  async settle(status: "succeeded" | "failed", answer: { status: number; bytes: number } | null, error: { code: string; message: string } | null, decision = this.approvalId ? "approved" : "allow"): Promise<void> {
    if (!this.run) return;
    // Charged once sent to the tool, whatever came back; a refused call costs nothing.
    const charge = this.sent ? this.price : 0n;
    const usageId = newId("usage");
    const rec: AgentCallRecord = {
      usageId,
      ledgerId: newId("ledger"),
      stepId: newId("runStep"),
      runId: this.run.id,
      workspaceId: this.run.workspaceId,
      projectId: this.run.projectId,
      nodeId: `tool-${usageId.slice(4)}`,
      nodeType: "tool",
      status,
      provider: this.tool.name,
      model: null,
      keySource: null,
      tokensIn: 0,
      tokensOut: 0,
      cost: 0n,
      charge,
      reserved: this.reserved,
      estimated: false,
      startedAt: this.startedAt,
      finishedAt: new Date(this.startedAt.getTime() + Math.round(performance.now() - this.t0)),
      stepInput: {
        kind: "tool",
        tool: this.tool.name,
        toolId: this.tool.id,
        method: this.method,
        host: this.tool.baseUrl.host,
        path: this.path,
        endUserId: this.endUserId,
        decision,
        policyId: this.policyId,
        approvalId: this.approvalId,
        approvedBy: this.approvedBy,
        ...(this.requestBody ? { body: this.recorded(this.requestBody) } : {}),
      },
      stepOutput: answer ? { status: answer.status, bytes: answer.bytes, ...(this.responseBody ? { body: this.recorded(this.responseBody) } : {}) } : null,
      stepError: error,
    };
    await this.deps.batcher.commit(rec);
    if (this.ownRun) {
      const own = this.ownRun;
      this.ownRun = null;
      finishAgentRun(own, status === "succeeded" ? "succeeded" : "failed", error ? { error } : {}).catch((err) => logger.error("gateway: could not finish a call's run", { runId: own.id, err }));
    }
  }

  private recorded(body: Buffer): string {
    return redact(body.subarray(0, RECORDED_BODY_BYTES).toString("utf8"), this.secrets);
  }
}
