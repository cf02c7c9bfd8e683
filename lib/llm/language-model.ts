import "server-only";
import type { LanguageModel } from "ai";
import { createAnthropic } from "@ai-sdk/anthropic";
import { createGoogle } from "@ai-sdk/google";
import { createOpenAI } from "@ai-sdk/openai";
import { createOpenAICompatible } from "@ai-sdk/openai-compatible";
import type { LlmVendor } from "@/lib/generated/prisma/enums";
import { pinnedFetch } from "@/lib/net/egress/pinned-fetch";

type ModelTarget = { vendor: LlmVendor; apiKey: string; baseUrl: string; model: string };

// Every call goes through the egress policy with the checked address pinned (no DNS
// rebinding) and redirects refused, so a base URL cannot bounce the call (and the key) to the
// platform's own network.
const noRedirects: typeof fetch = (input, init) => pinnedFetch()(input, init);

/** The AI SDK model object for one call; the key lives only in this closure. */
export function languageModel(t: ModelTarget): LanguageModel {
  switch (t.vendor) {
    case "openai":
      // Chat Completions rather than the Responses API: it is what OpenAI-style gateways speak too.
      return createOpenAI({ apiKey: t.apiKey, baseURL: t.baseUrl, fetch: noRedirects }).chat(t.model);
    case "anthropic":
      return createAnthropic({ apiKey: t.apiKey, baseURL: t.baseUrl, fetch: noRedirects })(t.model);
    case "google":
      return createGoogle({ apiKey: t.apiKey, baseURL: t.baseUrl, fetch: noRedirects })(t.model);
    case "openai_compatible":
      return createOpenAICompatible({ name: "compatible", apiKey: t.apiKey, baseURL: t.baseUrl, includeUsage: true, supportsStructuredOutputs: true, fetch: noRedirects }).chatModel(t.model);
  }
}
