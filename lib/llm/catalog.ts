import type { LlmVendor } from "@/lib/generated/prisma/enums";

// The one model catalog: prices and limits per vendor model. Prices are the vendors' public
// list prices (standard tier, prompts within the base context tier, no batch or cache
// discounts) as published on their pricing pages in October 2025. They are integers in
// micro-USD (1 USD = 1,000,000 micros) per million tokens, so $2.50 / 1M tokens = 2_500_000:
// no floating point anywhere in billing.
export const PRICES_AS_OF = "2025-10-01";

export type CatalogModel = {
  vendor: LlmVendor;
  id: string;
  name: string;
  contextWindow: number;
  maxOutputTokens: number;
  /** micro-USD per 1,000,000 input tokens */
  inputMicrosPerMTok: number;
  /** micro-USD per 1,000,000 output tokens */
  outputMicrosPerMTok: number;
};

const usd = (dollars: string): number => {
  // "2.50" → 2_500_000 without float arithmetic.
  const [whole, frac = ""] = dollars.split(".");
  return Number(whole) * 1_000_000 + Number((frac + "000000").slice(0, 6));
};

const m = (vendor: LlmVendor, id: string, name: string, contextWindow: number, maxOutputTokens: number, input: string, output: string): CatalogModel => ({
  vendor,
  id,
  name,
  contextWindow,
  maxOutputTokens,
  inputMicrosPerMTok: usd(input),
  outputMicrosPerMTok: usd(output),
});

export const MODEL_CATALOG: readonly CatalogModel[] = [
  m("openai", "gpt-5", "GPT-5", 400_000, 128_000, "1.25", "10.00"),
  m("openai", "gpt-5-mini", "GPT-5 mini", 400_000, 128_000, "0.25", "2.00"),
  m("openai", "gpt-5-nano", "GPT-5 nano", 400_000, 128_000, "0.05", "0.40"),
  m("openai", "gpt-4.1", "GPT-4.1", 1_047_576, 32_768, "2.00", "8.00"),
  m("openai", "gpt-4.1-mini", "GPT-4.1 mini", 1_047_576, 32_768, "0.40", "1.60"),
  m("openai", "gpt-4.1-nano", "GPT-4.1 nano", 1_047_576, 32_768, "0.10", "0.40"),
  m("openai", "gpt-4o", "GPT-4o", 128_000, 16_384, "2.50", "10.00"),
  m("openai", "gpt-4o-mini", "GPT-4o mini", 128_000, 16_384, "0.15", "0.60"),
  m("openai", "o3", "o3", 200_000, 100_000, "2.00", "8.00"),
  m("openai", "o4-mini", "o4-mini", 200_000, 100_000, "1.10", "4.40"),
  m("openai", "o3-mini", "o3-mini", 200_000, 100_000, "1.10", "4.40"),
  m("anthropic", "claude-opus-4-1", "Claude Opus 4.1", 200_000, 32_000, "15.00", "75.00"),
  m("anthropic", "claude-sonnet-4-5", "Claude Sonnet 4.5", 200_000, 64_000, "3.00", "15.00"),
  m("anthropic", "claude-sonnet-4-0", "Claude Sonnet 4", 200_000, 64_000, "3.00", "15.00"),
  m("anthropic", "claude-haiku-4-5", "Claude Haiku 4.5", 200_000, 64_000, "1.00", "5.00"),
  m("anthropic", "claude-3-5-haiku-latest", "Claude Haiku 3.5", 200_000, 8_192, "0.80", "4.00"),
  m("google", "gemini-2.5-pro", "Gemini 2.5 Pro", 1_048_576, 65_536, "1.25", "10.00"),
  m("google", "gemini-2.5-flash", "Gemini 2.5 Flash", 1_048_576, 65_536, "0.30", "2.50"),
  m("google", "gemini-2.5-flash-lite", "Gemini 2.5 Flash-Lite", 1_048_576, 65_536, "0.10", "0.40"),
  m("google", "gemini-2.0-flash", "Gemini 2.0 Flash", 1_048_576, 8_192, "0.10", "0.40"),
  m("google", "gemini-2.0-flash-lite", "Gemini 2.0 Flash-Lite", 1_048_576, 8_192, "0.075", "0.30"),
];

// Vendors also name models by dated snapshot ("gpt-4o-2024-08-06", "claude-sonnet-4-5-20250929")
// or, for Anthropic, with "-0"/"-latest" aliases; these map to the catalog entry they price as.
const SNAPSHOT_SUFFIX = /^-(?:\d{4}-\d{2}-\d{2}|\d{8}|latest|0\d*)$/;

/** The catalog entry pricing `model` for `vendor`, or null (unknown model: cost not metered). */
export function findCatalogModel(vendor: LlmVendor, model: string): CatalogModel | null {
  const own = MODEL_CATALOG.filter((c) => c.vendor === vendor);
  const exact = own.find((c) => c.id === model);
  if (exact) return exact;
  // Longest matching base id first, so "gpt-4o-mini-2024-07-18" is not priced as gpt-4o.
  const bases = own.filter((c) => model.startsWith(c.id) && SNAPSHOT_SUFFIX.test(model.slice(c.id.length))).sort((a, b) => b.id.length - a.id.length);
  if (bases[0]) return bases[0];
  // "claude-sonnet-4-5-20250929" → base "claude-sonnet-4-5"; "claude-3-5-haiku-20241022" → "…-latest" entry.
  const stripped = model.replace(/-(?:\d{8}|\d{4}-\d{2}-\d{2}|latest)$/, "");
  return own.find((c) => c.id === stripped || c.id === `${stripped}-latest` || c.id === `${stripped}-0`) ?? null;
}

/**
 * Cost of a call in integer micro-USD. Exact integer arithmetic (BigInt), then rounded UP to
 * the next whole micro-USD, once per call: a call is never billed below its true cost, and
 * the rounding error is below one micro-USD per call.
 */
export function costMicros(model: Pick<CatalogModel, "inputMicrosPerMTok" | "outputMicrosPerMTok">, inputTokens: number, outputTokens: number): number {
  const scaled = BigInt(inputTokens) * BigInt(model.inputMicrosPerMTok) + BigInt(outputTokens) * BigInt(model.outputMicrosPerMTok);
  const million = BigInt(1_000_000);
  return Number((scaled + million - BigInt(1)) / million);
}
