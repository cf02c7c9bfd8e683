import { intEnv } from "@/lib/core/env";
import { LlmError } from "@/lib/llm/errors";
import { DEFAULT_LLM_MAX_TOKENS, llmEstimate } from "@/lib/metering/estimate";
import { findCatalogModel } from "@/lib/llm/catalog";
import { openAiError } from "@/lib/llm/wire/errors";
import type { EffectiveModel } from "@/lib/agents/agent-models";
import type { AgentDirectory } from "../directory";
import { BodyTooLarge, readBody, type Ctx } from "../http";
import type { LimitKey } from "../limits";
import { CallerRefused, llmCaller, openOwnRun, type LlmCaller } from "./caller";
import { meteredCall, sendOpenAi, type LlmDeps } from "./metered-call";
import { openAiChatPlan, type ChatBody, type UpstreamPlan } from "./plan";
import { targetFor, type Target } from "./targets";
import { translatedChatPlan, openAiEmbeddingsPlan } from "./translated";

// The OpenAI-compatible endpoint agents call (LLM_GATEWAY_URL = <gateway>/llm/v1):
// POST /chat/completions, POST /embeddings, GET /models. The model named in a request must be
// one of the agent's (by model id or by role name); the upstream and key come from the
// agent's model settings, never from the request.

const MAX_CHOICES = 16;
const MAX_BODY = () => intEnv("GATEWAY_LLM_MAX_BODY_BYTES", 8 * 1024 * 1024, { invalid: "fallback" });

export type LlmHandlerDeps = LlmDeps & { directory: AgentDirectory };

function pickRoute(models: EffectiveModel[], requested: string): EffectiveModel | null {
  return models.find((m) => m.model === requested) ?? models.find((m) => m.role === requested) ?? null;
}

function limitKeysOf(caller: LlmCaller): LimitKey[] {
  const keys: LimitKey[] = [];
  const a = caller.agent;
  if (a.tokensPerMinute) keys.push({ name: "gw_agent_tpm", key: a.id, perMinute: a.tokensPerMinute });
  if (a.endUserTokensPerMinute && caller.endUserId !== null) keys.push({ name: "gw_end_user_tpm", key: `${a.id}:${caller.endUserId}`, perMinute: a.endUserTokensPerMinute });
  return keys;
}

async function authenticate(ctx: Ctx, deps: LlmHandlerDeps): Promise<LlmCaller | null> {
  try {
    return await llmCaller(ctx.req, deps.directory);
  } catch (err) {
    if (err instanceof CallerRefused) {
      sendOpenAi(ctx.res, err.response, { "x-request-id": ctx.requestId, "www-authenticate": 'Bearer error="invalid_token"' });
      return null;
    }
    throw err;
  }
}

async function jsonBody(ctx: Ctx): Promise<{ raw: Buffer; body: Record<string, unknown> } | null> {
  const ct = ctx.req.headers["content-type"] ?? "";
  if (!/^application\/json\b/i.test(ct)) {
    sendOpenAi(ctx.res, openAiError(415, "unsupported_media_type", "Send the request as application/json"), { "x-request-id": ctx.requestId });
    return null;
  }
  let raw: Buffer;
  try {
    raw = await readBody(ctx.req, MAX_BODY());
  } catch (err) {
    if (err instanceof BodyTooLarge) {
      sendOpenAi(ctx.res, openAiError(413, "request_too_large", "The request body is too large"), { "x-request-id": ctx.requestId, connection: "close" });
      return null;
    }
    throw err;
  }
  let body: unknown;
  try {
    body = JSON.parse(raw.toString("utf8"));
  } catch {
    body = null;
  }
  if (!body || typeof body !== "object" || Array.isArray(body)) {
    sendOpenAi(ctx.res, openAiError(400, "invalid_json", "The body must be a JSON object"), { "x-request-id": ctx.requestId });
    return null;
  }
  return { raw, body: body as Record<string, unknown> };
}

type Prepared = { caller: LlmCaller; route: EffectiveModel; target: Target; limitHeaders: Record<string, string>; limitKeys: LimitKey[] };

/** Everything a call needs before it is planned: who, which model, which upstream, within limits. */
async function prepare(ctx: Ctx, deps: LlmHandlerDeps, caller: LlmCaller, model: unknown): Promise<Prepared | null> {
  const id = { "x-request-id": ctx.requestId };
  if (typeof model !== "string" || model === "") {
    sendOpenAi(ctx.res, openAiError(400, "invalid_request_error", "`model` is required", "invalid_request_error", "model"), id);
    return null;
  }
  const route = pickRoute(caller.agent.models, model);
  if (!route) {
    sendOpenAi(ctx.res, openAiError(404, "model_not_found", `The model \`${model.slice(0, 100)}\` is not one of this agent's models`, "invalid_request_error", "model"), id);
    return null;
  }
  const limitKeys = limitKeysOf(caller);
  const verdict = deps.limits.check(limitKeys);
  if (!verdict.ok) {
    sendOpenAi(ctx.res, openAiError(429, "rate_limit_exceeded", "The agent's token rate limit is reached; retry later", "rate_limit_error"), { ...id, ...verdict.headers });
    return null;
  }
  let target: Target;
  try {
    target = await targetFor(caller.agent.workspaceId, route);
  } catch (err) {
    if (err instanceof LlmError) {
      sendOpenAi(ctx.res, openAiError(400, "model_not_configured", err.message, "invalid_request_error", "model"), id);
      return null;
    }
    throw err;
  }
  return { caller, route, target, limitHeaders: verdict.headers, limitKeys };
}

/** A call without a context token runs in a run of its own, opened just before it is made. */
async function ownRunReady(ctx: Ctx, caller: LlmCaller): Promise<boolean> {
  try {
    await openOwnRun(caller, ctx.url.pathname);
    return true;
  } catch (err) {
    if (err instanceof CallerRefused) {
      sendOpenAi(ctx.res, err.response, { "x-request-id": ctx.requestId });
      return false;
    }
    throw err;
  }
}

export async function handleChatCompletions(ctx: Ctx, deps: LlmHandlerDeps): Promise<void> {
  const caller = await authenticate(ctx, deps);
  if (!caller) return;
  const parsed = await jsonBody(ctx);
  if (!parsed) return;
  const { raw, body } = parsed;
  if (!Array.isArray(body.messages) || body.messages.length === 0) {
    return sendOpenAi(ctx.res, openAiError(400, "invalid_request_error", "`messages` must be a non-empty array", "invalid_request_error", "messages"), { "x-request-id": ctx.requestId });
  }
  const p = await prepare(ctx, deps, caller, body.model);
  if (!p) return;
  const chat = body as ChatBody;
  let plan: UpstreamPlan;
  try {
    plan = p.target.vendor === "openai" || p.target.vendor === "openai_compatible" ? openAiChatPlan(p.target, p.route, chat, raw) : translatedChatPlan(p.target, p.route, chat);
  } catch (err) {
    const message = err instanceof Error ? err.message : "The request cannot be sent to this model";
    return sendOpenAi(ctx.res, openAiError(400, "invalid_request_error", message, "invalid_request_error", (err as { param?: string | null }).param ?? null), { "x-request-id": ctx.requestId });
  }
  // `n` choices each up to the output cap: the worst case is their sum.
  if (body.n !== undefined && (typeof body.n !== "number" || !Number.isInteger(body.n) || body.n < 1 || body.n > MAX_CHOICES)) {
    return sendOpenAi(ctx.res, openAiError(400, "invalid_request_error", `\`n\` must be an integer from 1 to ${MAX_CHOICES}`, "invalid_request_error", "n"), { "x-request-id": ctx.requestId });
  }
  const choices = typeof body.n === "number" ? body.n : 1;
  const maxTokens = choices * numberOr(body.max_completion_tokens, numberOr(body.max_tokens, p.route.maxTokens ?? DEFAULT_LLM_MAX_TOKENS));
  const estimate = llmEstimate(findCatalogModel(p.target.vendor, p.route.model), raw.length, maxTokens, p.target.keySource);
  if (!(await ownRunReady(ctx, caller))) return;
  await meteredCall(ctx.res, deps, { caller, route: p.route, target: p.target, plan, kind: "chat", estimate, promptBytes: raw.length, limitKeys: p.limitKeys, extraHeaders: p.limitHeaders, requestId: ctx.requestId });
}

export async function handleEmbeddings(ctx: Ctx, deps: LlmHandlerDeps): Promise<void> {
  const caller = await authenticate(ctx, deps);
  if (!caller) return;
  const parsed = await jsonBody(ctx);
  if (!parsed) return;
  const { raw, body } = parsed;
  if (body.input === undefined || body.input === null) {
    return sendOpenAi(ctx.res, openAiError(400, "invalid_request_error", "`input` is required", "invalid_request_error", "input"), { "x-request-id": ctx.requestId });
  }
  const p = await prepare(ctx, deps, caller, body.model);
  if (!p) return;
  if (p.target.vendor !== "openai" && p.target.vendor !== "openai_compatible") {
    return sendOpenAi(ctx.res, openAiError(400, "invalid_request_error", `Embeddings are served for OpenAI and OpenAI-compatible providers; this model is ${p.target.vendor}'s`, "invalid_request_error", "model"), { "x-request-id": ctx.requestId });
  }
  const plan = openAiEmbeddingsPlan(p.target, p.route, body, raw);
  const estimate = llmEstimate(findCatalogModel(p.target.vendor, p.route.model), raw.length, 0, p.target.keySource);
  if (!(await ownRunReady(ctx, caller))) return;
  await meteredCall(ctx.res, deps, { caller, route: p.route, target: p.target, plan, kind: "embeddings", estimate, promptBytes: raw.length, limitKeys: p.limitKeys, extraHeaders: p.limitHeaders, requestId: ctx.requestId });
}

export async function handleModels(ctx: Ctx, deps: LlmHandlerDeps): Promise<void> {
  const caller = await authenticate(ctx, deps);
  if (!caller) return;
  const data = caller.agent.models.map((m) => ({ id: m.model, object: "model", created: 0, owned_by: m.vendor, role: m.role }));
  const payload = JSON.stringify({ object: "list", data });
  ctx.res.writeHead(200, { "content-type": "application/json", "content-length": Buffer.byteLength(payload), "x-request-id": ctx.requestId });
  ctx.res.end(payload);
}

function numberOr(v: unknown, fallback: number): number {
  return typeof v === "number" && Number.isInteger(v) && v > 0 ? v : fallback;
}
