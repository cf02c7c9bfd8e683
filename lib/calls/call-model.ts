import "server-only";
import { generateText, streamText, type ModelMessage } from "ai";
import type { LlmVendor } from "@/lib/generated/prisma/enums";
import { logger } from "@/lib/core/logger";
import { costMicros as priceOf, findCatalogModel } from "@/lib/llm/catalog";
import { LlmError } from "@/lib/llm/errors";
import { jsonOutput, type JsonSchemaObject } from "@/lib/llm/json-output";
import { languageModel } from "@/lib/llm/language-model";
import { mapLlmError } from "@/lib/llm/map-error";
import { resolveTarget, type ProviderLabel } from "./resolve-model-target";

type ChatMessage = { role: "user" | "assistant"; content: string };

export type CallModelInput = {
  workspaceId: string;
  /** A provider of the workspace; or `vendor` alone: the workspace's provider for it, else the platform key. */
  providerId?: string | null;
  vendor?: LlmVendor | null;
  model: string;
  messages: ChatMessage[];
  system?: string;
  temperature?: number;
  maxTokens?: number;
  /** A JSON Schema: the answer is parsed and validated into `json`. */
  jsonSchema?: JsonSchemaObject;
  /** Streams: called with each text delta as it arrives. */
  onToken?: (delta: string) => void;
  /** Whole-call deadline (default 120 s): llm_timeout when it passes. */
  timeoutMs?: number;
  abortSignal?: AbortSignal;
  /** Retries of 429/5xx/network failures by the SDK, within the deadline (default 2). */
  maxRetries?: number;
};

type CallModelResult = {
  text: string;
  /** The parsed answer when `jsonSchema` was given. */
  json?: unknown;
  usage: { inputTokens: number; outputTokens: number };
  latencyMs: number;
  /** Integer micro-USD from the catalog; null when the model has no catalog price. */
  costMicros: number | null;
  provider: { id: string; vendor: LlmVendor };
  model: string;
};

const DEFAULT_TIMEOUT_MS = 120_000;

/** The one way to call a chat model. Throws LlmError; the key never leaves this call. */
export async function callModel(input: CallModelInput): Promise<CallModelResult> {
  const target = await resolveTarget(input.workspaceId, input);
  const timeoutMs = input.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  // Our own controller tells a deadline from a caller's abort, which the SDK's errors cannot.
  const ctl = new AbortController();
  const why = { timedOut: false, aborted: false, timeoutMs };
  const timer = setTimeout(() => ((why.timedOut = true), ctl.abort()), timeoutMs);
  const onAbort = () => ((why.aborted = true), ctl.abort());
  if (input.abortSignal?.aborted) onAbort();
  else input.abortSignal?.addEventListener("abort", onAbort, { once: true });

  const started = performance.now();
  const common = {
    model: languageModel({ vendor: target.provider.vendor, apiKey: target.apiKey, baseUrl: target.baseUrl, model: input.model }),
    instructions: input.system,
    messages: input.messages as ModelMessage[],
    temperature: input.temperature,
    maxOutputTokens: input.maxTokens,
    maxRetries: input.maxRetries ?? 2,
    abortSignal: ctl.signal,
    ...(input.jsonSchema ? { output: jsonOutput(input.jsonSchema) } : {}),
    // User-written schemas are rarely valid for OpenAI's strict mode; validation is ours anyway.
    providerOptions: { openai: { strictJsonSchema: false } },
  };
  try {
    const out = input.onToken ? await streamed(common, input.onToken, ctl.signal) : await generated(common);
    const usage = { inputTokens: out.inputTokens ?? 0, outputTokens: out.outputTokens ?? 0 };
    const priced = findCatalogModel(target.provider.vendor, input.model);
    const result: CallModelResult = {
      text: out.text,
      ...(input.jsonSchema ? { json: out.output } : {}),
      usage,
      latencyMs: Math.round(performance.now() - started),
      costMicros: priced ? priceOf(priced, usage.inputTokens, usage.outputTokens) : null,
      provider: target.provider,
      model: input.model,
    };
    logger.info("llm call", { workspaceId: input.workspaceId, provider: target.provider, model: input.model, ...usage, latencyMs: result.latencyMs, costMicros: result.costMicros });
    return result;
  } catch (err) {
    const mapped = mapLlmError(err, why, target.apiKey);
    logCallFailure(input, target.provider, mapped);
    throw mapped;
  } finally {
    clearTimeout(timer);
    input.abortSignal?.removeEventListener("abort", onAbort);
  }
}

type Common = Parameters<typeof generateText>[0];
type Outcome = { text: string; output: unknown; inputTokens?: number; outputTokens?: number };

async function generated(common: Common): Promise<Outcome> {
  const r = await generateText(common);
  const output = "output" in common && common.output ? r.output : undefined;
  return { text: r.text, output, inputTokens: r.totalUsage.inputTokens, outputTokens: r.totalUsage.outputTokens };
}

async function streamed(common: Common, onToken: (delta: string) => void, signal: AbortSignal): Promise<Outcome> {
  const r = streamText(common as Parameters<typeof streamText>[0]);
  let text = "";
  for await (const part of r.fullStream) {
    if (part.type === "text-delta") {
      text += part.text;
      onToken(part.text);
    } else if (part.type === "error") throw part.error;
    else if (part.type === "abort") throw new LlmError("llm_aborted", "The call was aborted");
  }
  if (signal.aborted) throw new LlmError("llm_aborted", "The call was aborted");
  const usage = await r.totalUsage;
  const output = "output" in common && common.output ? await r.output : undefined;
  return { text, output, inputTokens: usage.inputTokens, outputTokens: usage.outputTokens };
}

function logCallFailure(input: CallModelInput, provider: ProviderLabel, err: LlmError) {
  logger.warn("llm call failed", { workspaceId: input.workspaceId, provider, model: input.model, code: err.code, status: err.status, retryAfterSeconds: err.retryAfterSeconds });
}
