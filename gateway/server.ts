import http, { type ServerResponse } from "node:http";
import type { Socket } from "node:net";
import { logger } from "@/lib/core/logger";
import { AgentDirectory } from "./directory";
import { gatewayPool, holdPool } from "./db";
import { newRequestId, sendError, sendJson, type Ctx } from "./http";
import { observeRequest } from "./observe";
import { handleIngress } from "./ingress";
import { RateLimits } from "./limits";
import { handleChatCompletions, handleEmbeddings, handleModels, type LlmHandlerDeps } from "./llm/handlers";
import { UsageBatcher } from "./usage-batcher";
import { ToolDirectory } from "./tools/directory";
import { handleToolCall, type ToolDeps } from "./tools/proxy";
import { forgetToolCredentials } from "@/lib/tools/credential";
import { isDatabaseUnavailable } from "@/lib/db/unavailable";

// The gateway: a plain node:http server for agent traffic, beside the web app and the workers.
//   /healthz               liveness (the process answers)
//   /readyz                readiness (the database answers, not draining)
//   /a/<agent id>/…        ingress: end-user JWT → the agent, with X-End-User-ID
//   /llm/v1/…              the OpenAI-compatible LLM endpoint for agents
//   /t/<tool>/…            the egress tool proxy: policy, capabilities, approvals, credentials
// Stateless: what it caches is invalidated through PostgreSQL LISTEN/NOTIFY.

const REQUEST_ID = /^[A-Za-z0-9_.:-]{8,128}$/;
const DRAIN_QUIET_MS = 300;

export type Gateway = {
  server: http.Server;
  /** Stops accepting, lets in-flight requests and streams finish (up to `graceMs`), flushes usage. */
  drain(graceMs?: number): Promise<void>;
};

export async function createGateway(): Promise<Gateway> {
  const directory = new AgentDirectory();
  await directory.start();
  const pool = gatewayPool();
  const limits = new RateLimits();
  const deps: LlmHandlerDeps = { directory, pool: holdPool(), batcher: new UsageBatcher(pool), limits };
  const tools = new ToolDirectory();
  const toolDeps: ToolDeps = { ...deps, tools };
  directory.onChange((change) => {
    if (!change) {
      tools.clear();
      forgetToolCredentials();
    } else if (change.kind === "tools") {
      tools.forgetProject(change.projectId);
      forgetToolCredentials(change.projectId);
    } else if (change.kind === "agent") {
      // Its policy bindings live in its project's tools; the agent id alone does not name the project.
      tools.clear();
    }
  });
  let draining = false;
  const inFlight = new Set<ServerResponse>();

  const server = http.createServer({ keepAliveTimeout: 65_000, requestTimeout: 0, headersTimeout: 30_000 }, (req, res) => {
    inFlight.add(res);
    res.on("close", () => inFlight.delete(res));
    const requestIdHeader = req.headers["x-request-id"];
    const requestId = typeof requestIdHeader === "string" && REQUEST_ID.test(requestIdHeader) ? requestIdHeader : newRequestId();
    let url: URL;
    try {
      url = new URL(req.url ?? "/", "http://gateway.invalid");
    } catch {
      return sendJson(res, 400, { error: { code: "bad_request", message: "Malformed request target", requestId } });
    }
    const ctx: Ctx = { req, res, requestId, url };
    // While draining, a request still arriving on a connection accepted earlier (a load balancer's
    // kept-alive socket, reused as the response before it ended) is served like any other — the
    // drain waits for it — and its connection is closed after the response. New connections are
    // refused (server.close()). Answering 503 instead failed such a request in the fault test.
    if (draining) res.setHeader("connection", "close");
    void observeRequest(ctx, () =>
      route(ctx).catch((err) => {
        logger.error("gateway: request failed", { err, path: url.pathname, requestId });
        if (res.headersSent) res.destroy();
        else if (isDatabaseUnavailable(err)) sendError(ctx, 503, "service_unavailable", "The gateway cannot reach its database; retry in a moment", { "retry-after": "1" });
        else sendError(ctx, 500, "internal_error", "The gateway failed to handle this request");
      }),
    );
  });

  async function route(ctx: Ctx): Promise<void> {
    const { pathname } = ctx.url;
    const method = ctx.req.method ?? "GET";
    if (pathname === "/healthz") return sendJson(ctx.res, 200, { status: "ok" });
    if (pathname === "/readyz") return readiness(ctx);
    // Tool calls are routed on the raw request target: the path must reach the pipeline exactly as
    // sent (the URL parser would resolve dot segments and turn backslashes into slashes).
    const tool = /^\/t\/([a-z][a-z0-9_-]{0,62})(?=\/|\?|$)/.exec(ctx.req.url ?? "");
    if (tool) return handleToolCall(ctx, toolDeps, tool[1], (ctx.req.url ?? "").slice(tool[0].length));
    const ingress = /^\/a\/([A-Za-z0-9_]{1,64})(\/.*)?$/.exec(pathname);
    if (ingress) return handleIngress(ctx, directory, ingress[1], ingress[2] ?? "/");
    if (pathname.startsWith("/llm/v1/")) {
      const sub = pathname.slice("/llm/v1".length);
      if (sub === "/chat/completions") return method === "POST" ? handleChatCompletions(ctx, deps) : methodNotAllowed(ctx, "POST");
      if (sub === "/embeddings") return method === "POST" ? handleEmbeddings(ctx, deps) : methodNotAllowed(ctx, "POST");
      if (sub === "/models") return method === "GET" ? handleModels(ctx, deps) : methodNotAllowed(ctx, "GET");
    }
    if (method === "TRACE") return methodNotAllowed(ctx, "GET, POST");
    return sendError(ctx, 404, "not_found", "No such gateway endpoint");
  }

  async function readiness(ctx: Ctx): Promise<void> {
    if (draining) return sendJson(ctx.res, 503, { status: "draining" });
    try {
      await pool.query("SELECT 1");
      return sendJson(ctx.res, 200, { status: "ready" });
    } catch {
      return sendJson(ctx.res, 503, { status: "database_unavailable" });
    }
  }

  function methodNotAllowed(ctx: Ctx, allow: string): void {
    sendError(ctx, 405, "method_not_allowed", `Use ${allow}`, { allow });
  }

  // Idle keep-alive sockets would hold close() open; in-flight requests keep theirs.
  const sockets = new Set<Socket>();
  server.on("connection", (s) => {
    sockets.add(s);
    s.on("close", () => sockets.delete(s));
  });

  async function drain(graceMs = 30_000): Promise<void> {
    if (draining) return;
    draining = true;
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeIdleConnections();
    const deadline = Date.now() + graceMs;
    // Done when nothing has been in flight for DRAIN_QUIET_MS: a client that sends its next
    // request on a kept-alive connection as soon as the previous response ends (a balancer's
    // pool) gets it served, instead of the connection being cut under it.
    let quietSince = 0;
    while (Date.now() < deadline) {
      if (inFlight.size > 0) quietSince = 0;
      else if (!quietSince) quietSince = Date.now();
      else if (Date.now() - quietSince >= DRAIN_QUIET_MS) break;
      await new Promise((r) => setTimeout(r, 25));
    }
    for (const res of inFlight) res.destroy();
    server.closeAllConnections();
    await closed;
    await deps.batcher.drained();
    await limits.flush().catch(() => {});
    limits.close();
    await directory.close();
  }

  return { server, drain };
}


