import { chargeFor, pricing } from "@/lib/billing/pricing";
import { costMicros, type CatalogModel } from "@/lib/llm/catalog";

// A run may spend at most min(budget, creditHold): its own ceiling, and what was actually
// reserved from the balance when it started. Before every billable call the engine adds the
// call's worst case to what was spent so far; if that passes the ceiling the run stops as
// budget_exceeded and the call is never made.

export const DEFAULT_LLM_MAX_TOKENS = 1024;

export function ceilingOf(run: { budget: bigint; creditHold: bigint }): bigint {
  return run.budget < run.creditHold ? run.budget : run.creditHold;
}

/** Worst-case charge of a step of this type, excluding its model call. */
export function stepEstimate(nodeType: string): bigint {
  const p = pricing();
  return p.stepPrice + (nodeType === "http" ? p.httpCallPrice : 0n);
}

/** Worst-case charge of one model call: prompt chars/4 tokens in, maxTokens out, at list price (+ margin on the platform key). */
export function llmEstimate(model: CatalogModel | null, promptChars: number, maxTokens: number, keySource: "platform" | "workspace"): bigint {
  if (!model) return 0n;
  const cost = costMicros(model, Math.ceil(promptChars / 4), maxTokens);
  return chargeFor({ kind: "llm", cost: BigInt(cost), keySource });
}

export function wouldExceed(spent: bigint, estimate: bigint, ceiling: bigint): boolean {
  return spent + estimate > ceiling;
}
