import type { IncomingMessage } from "node:http";
import { Readable } from "node:stream";
import type { Dispatcher } from "undici";
import { addLogContext } from "@/lib/core/log-context";
import { ApiError, workspacePendingDeletion } from "@/lib/core/errors";
import { logger } from "@/lib/core/logger";
import { intEnv } from "@/lib/core/env";
import { clientIp } from "@/lib/http/request-context";
import { EgressDenied } from "@/lib/net/egress/resolve-host";
import { CONTEXT_HEADER, signContextToken } from "@/lib/agents/context-token";
import { finishAgentRun, openAgentRun } from "@/lib/agents/agent-runs";
import type { AgentConfig, AgentDirectory } from "./directory";
import { bearerOf, sendError, type Ctx } from "./http";
import { verifyEndUser } from "./jwks";
import { HOP_BY_HOP, upstreamDispatcher } from "./upstream";
import { upstreamRequest } from "./observe";

// Stage 1 of the gateway: a client calls /a/<agent id>/<path> with its user's JWT. The JWT is
// verified against the agent's identity provider and never forwarded; the agent receives the
// verified user as X-End-User-ID and a signed context token to hand back on its LLM and tool
// calls. Each request is one run of kind `agent`.

const MAX_BODY = () => intEnv("GATEWAY_INGRESS_MAX_BODY_BYTES", 10 * 1024 * 1024, { invalid: "fallback" });
const AGENT_TIMEOUT_MS = () => intEnv("GATEWAY_AGENT_TIMEOUT_MS", 300_000, { invalid: "fallback" });
const CONTEXT_TTL_S = () => intEnv("GATEWAY_CONTEXT_TTL_SECONDS", 300, { invalid: "fallback" });

/** Client headers the agent never sees: credentials, and anything claiming to come from us. */
function stripped(name: string): boolean {
  return HOP_BY_HOP.has(name) || name === "authorization" || name === "cookie" || name === "x-end-user-id" || name.startsWith("x-agentruntime-") || name === "x-request-id" || name === "forwarded" || name.startsWith("x-forwarded-");
}

function corsHeaders(origin: string): Record<string, string> {
  return { "access-control-allow-origin": origin, "access-control-expose-headers": "x-request-id, x-agentruntime-run-id", vary: "Origin" };
}

export async function handleIngress(ctx: Ctx, directory: AgentDirectory, agentId: string, restPath: string): Promise<void> {
  const { req, res } = ctx;
  const agent = await directory.agent(agentId);
  if (!agent) return sendError(ctx, 404, "agent_not_found", "No agent has this id");
  if (agent.pendingDeletion) return sendError(ctx, 403, "workspace_pending_deletion", workspacePendingDeletion().message);

  const origin = req.headers.origin;
  if (origin !== undefined && !agent.allowedOrigins.has(origin)) {
    return sendError(ctx, 403, "origin_not_allowed", "This origin may not call the agent: add it to the agent's allowed origins", { vary: "Origin" });
  }
  const cors = origin !== undefined ? corsHeaders(origin) : {};
  if (req.method === "OPTIONS" && origin !== undefined && req.headers["access-control-request-method"]) {
    res.writeHead(204, {
      ...cors,
      "access-control-allow-methods": "GET, POST, PUT, PATCH, DELETE, OPTIONS",
      "access-control-allow-headers": req.headers["access-control-request-headers"] ?? "authorization, content-type",
      "access-control-max-age": "600",
    });
    res.end();
    return;
  }
  // No identity provider, or one without an issuer and audience to pin tokens to (a row written
  // by hand: the API requires both): a token minted for another application must not pass.
  if (!agent.jwksUrl || !agent.issuer || agent.audiences.length === 0) {
    return sendError(ctx, 403, "ingress_not_configured", "The agent has no complete identity provider (JWKS URL, issuer, audience): ingress is closed", cors);
  }

  const jwt = bearerOf(req);
  const challenge = { "www-authenticate": 'Bearer error="invalid_token"', ...cors };
  if (!jwt) return sendError(ctx, 401, "unauthorized", "Send the end user's JWT as Authorization: Bearer <jwt>", { "www-authenticate": "Bearer", ...cors });
  const verified = await verifyEndUser(jwt, { jwksUrl: agent.jwksUrl, issuer: agent.issuer, audiences: agent.audiences, algorithms: agent.algorithms, userClaim: agent.userClaim });
  if (!verified.ok) return sendError(ctx, 401, "invalid_token", `The end user's token was refused (${verified.reason})`, challenge);

  let target: URL;
  let dispatcher: Dispatcher;
  try {
    target = targetUrl(agent, restPath, ctx.url.search);
    dispatcher = await upstreamDispatcher(target);
  } catch (err) {
    if (err instanceof EgressDenied) return sendError(ctx, 502, "agent_unreachable", `The agent's endpoint is refused: ${err.message}`, cors);
    throw err;
  }

  let run;
  try {
    run = await openAgentRun({ agent, endUserId: verified.endUserId, request: { method: req.method ?? "GET", path: restPath, via: "ingress" } });
  } catch (err) {
    if (err instanceof ApiError) return sendError(ctx, err.status, err.code, err.message, cors);
    throw err;
  }
  addLogContext({ agentId: agent.id, workspaceId: agent.workspaceId, projectId: agent.projectId, runId: run.id });
  const context = await signContextToken({ agentId: agent.id, runId: run.id, workspaceId: agent.workspaceId, projectId: agent.projectId, endUserId: verified.endUserId }, CONTEXT_TTL_S());
  const runHeaders = { "x-agentruntime-run-id": run.id, "x-request-id": ctx.requestId, ...cors };

  const abort = new AbortController();
  let finished = false;
  const finish = (status: "succeeded" | "failed" | "canceled", extra: { output?: unknown; error?: { code: string; message: string } } = {}) => {
    if (finished) return;
    finished = true;
    finishAgentRun(run, status, extra).catch((err) => logger.error("gateway: could not finish agent run", { runId: run.id, err }));
  };
  res.on("close", () => {
    if (!res.writableFinished) {
      abort.abort();
      finish("canceled", { error: { code: "client_closed", message: "The client went away before the agent's answer was sent" } });
    }
  });

  const hasBody = req.method !== "GET" && req.method !== "HEAD";
  let upstream: Dispatcher.ResponseData;
  try {
    upstream = await upstreamRequest("ingress", dispatcher, {
      origin: target.origin,
      path: target.pathname + target.search,
      method: (req.method ?? "GET") as Dispatcher.HttpMethod,
      headers: forwardHeaders(req, target, verified.endUserId, context, run.id, ctx.requestId),
      body: hasBody ? Readable.from(limited(req, MAX_BODY())) : null,
      signal: abort.signal,
      headersTimeout: AGENT_TIMEOUT_MS(),
      bodyTimeout: AGENT_TIMEOUT_MS(),
    });
  } catch (err) {
    if (abort.signal.aborted) return;
    const tooLarge = err instanceof BodyCapExceeded || (err as { cause?: unknown }).cause instanceof BodyCapExceeded;
    finish("failed", { error: { code: tooLarge ? "payload_too_large" : "agent_unreachable", message: tooLarge ? "The request body is too large" : "The agent did not answer" } });
    return sendError(ctx, tooLarge ? 413 : 502, tooLarge ? "payload_too_large" : "agent_unreachable", tooLarge ? "The request body is too large" : "The agent's endpoint could not be reached", runHeaders);
  }

  const headers: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(upstream.headers)) if (value !== undefined && !HOP_BY_HOP.has(name) && name !== "set-cookie") headers[name] = value;
  res.writeHead(upstream.statusCode, { ...headers, ...runHeaders });
  const status = upstream.statusCode;
  upstream.body.on("error", () => {
    finish("failed", { error: { code: "agent_stream_failed", message: "The agent's answer broke off" } });
    res.destroy();
  });
  upstream.body.pipe(res);
  res.on("finish", () => {
    if (status >= 500) finish("failed", { output: { status }, error: { code: "agent_error", message: `The agent answered ${status}` } });
    else finish("succeeded", { output: { status } });
  });
}

function targetUrl(agent: AgentConfig, restPath: string, search: string): URL {
  const base = new URL(agent.endpointUrl);
  const basePath = base.pathname.replace(/\/+$/, "");
  base.pathname = restPath && restPath !== "/" ? basePath + restPath : basePath || "/";
  base.search = search;
  return base;
}

function forwardHeaders(req: IncomingMessage, target: URL, endUserId: string, context: string, runId: string, requestId: string): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(req.headers)) if (value !== undefined && !stripped(name)) out[name] = value;
  const forwardedFor = [req.headers["x-forwarded-for"], req.socket.remoteAddress].filter(Boolean).join(", ");
  out.host = target.host;
  out["x-end-user-id"] = endUserId;
  out[CONTEXT_HEADER] = context;
  out["x-agentruntime-run-id"] = runId;
  out["x-request-id"] = requestId;
  const ip = clientIp(forwardedFor);
  if (ip) out["x-forwarded-for"] = ip;
  return out;
}

class BodyCapExceeded extends Error {}

/** The request body as a stream that errors past `cap` bytes. */
async function* limited(req: IncomingMessage, cap: number): AsyncGenerator<Buffer> {
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > cap) throw new BodyCapExceeded();
    yield chunk;
  }
}
