import { chargeFor, pricing } from "@/lib/billing/pricing";
import { costMicros, type CatalogModel } from "@/lib/llm/catalog";

// Worst-case charges, from the price table, checked against a budget owner's ceiling before a
// billable call is made (see check-budget.ts). An estimate never under-prices the call.

/** The output ceiling assumed when neither the call nor its model setting sets maxTokens. */
export const DEFAULT_LLM_MAX_TOKENS = 1024;

/** Worst-case charge of one model call: prompt chars/4 tokens in, maxTokens out, at list price (+ margin on the platform key). */
export function llmEstimate(model: CatalogModel | null, promptChars: number, maxTokens: number, keySource: "platform" | "workspace"): bigint {
  if (!model) return 0n;
  const cost = costMicros(model, Math.ceil(promptChars / 4), maxTokens);
  return chargeFor({ kind: "llm", cost: BigInt(cost), keySource });
}

/** One MCP tool call: a flat price, whatever the tool answers. */
export function toolCallEstimate(): bigint {
  return pricing().toolCallPrice;
}

/** One outbound call to a connection: a flat price, whatever the upstream answers. */
export function httpCallEstimate(): bigint {
  return pricing().httpCallPrice;
}
