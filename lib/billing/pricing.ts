// What usage costs the workspace, in usd_micros. Every figure is an integer and configurable
// by environment; no floating point touches money.

import { bigintEnv } from "@/lib/core/env";

const amountEnv = (name: string, fallback: bigint) => bigintEnv(name, fallback, "usd_micros or basis points");

export function pricing() {
  return {
    /** Margin on LLM tokens paid with the platform's key, in basis points (2000 = +20%). */
    platformMarginBps: amountEnv("BILLING_PLATFORM_MARGIN_BPS", 2000n),
    /** Every executed step. */
    stepPrice: amountEnv("BILLING_STEP_PRICE", 100n),
    /** Every outbound http call. */
    httpCallPrice: amountEnv("BILLING_HTTP_CALL_PRICE", 500n),
    /** Every MCP tool call. */
    toolCallPrice: amountEnv("BILLING_TOOL_CALL_PRICE", 500n),
    /** Credited to every new workspace. */
    freeGrant: amountEnv("BILLING_FREE_GRANT", 5_000_000n),
    /** The console warns billing readers when available credits fall below this. */
    lowBalance: amountEnv("BILLING_LOW_BALANCE", 1_000_000n),
    /** A run's budget ceiling when neither the run nor its project sets one. */
    defaultRunBudget: amountEnv("DEFAULT_RUN_BUDGET", 1_000_000n),
  };
}

type UsageToPrice =
  | { kind: "llm"; cost: bigint; keySource: "platform" | "workspace" }
  | { kind: "http" }
  | { kind: "tool" }
  | { kind: "step" };

/** The charge for one usage record. Tokens on the workspace's own key are not charged. */
export function chargeFor(usage: UsageToPrice): bigint {
  const p = pricing();
  switch (usage.kind) {
    case "llm":
      if (usage.keySource === "workspace") return 0n;
      // Round the margin up: never bill below cost plus margin.
      return usage.cost + (usage.cost * p.platformMarginBps + 9999n) / 10000n;
    case "http":
      return p.httpCallPrice;
    case "tool":
      return p.toolCallPrice;
    case "step":
      return p.stepPrice;
  }
}
