import { afterEach, describe, expect, it } from "vitest";
import { costMicros, MODEL_CATALOG } from "@/lib/llm/catalog";
import { chargeFor, pricing } from "./pricing";

const ENV = ["BILLING_PLATFORM_MARGIN_BPS", "BILLING_STEP_PRICE", "BILLING_HTTP_CALL_PRICE", "BILLING_TOOL_CALL_PRICE", "BILLING_FREE_GRANT", "DEFAULT_RUN_BUDGET", "BILLING_LOW_BALANCE"];
afterEach(() => ENV.forEach((k) => delete process.env[k]));

describe("pricing", () => {
  it("has integer defaults in usd_micros", () => {
    expect(pricing()).toEqual({ platformMarginBps: 2000n, stepPrice: 100n, httpCallPrice: 500n, toolCallPrice: 500n, freeGrant: 5_000_000n, lowBalance: 1_000_000n, defaultRunBudget: 1_000_000n });
  });

  it("reads every figure from the environment and refuses non-integers", () => {
    Object.assign(process.env, { BILLING_PLATFORM_MARGIN_BPS: "1500", BILLING_STEP_PRICE: "7", BILLING_HTTP_CALL_PRICE: "11", BILLING_TOOL_CALL_PRICE: "13", BILLING_FREE_GRANT: "0", DEFAULT_RUN_BUDGET: "42", BILLING_LOW_BALANCE: "3" });
    expect(pricing()).toEqual({ platformMarginBps: 1500n, stepPrice: 7n, httpCallPrice: 11n, toolCallPrice: 13n, freeGrant: 0n, lowBalance: 3n, defaultRunBudget: 42n });
    expect([chargeFor({ kind: "step" }), chargeFor({ kind: "http" }), chargeFor({ kind: "tool" })]).toEqual([7n, 11n, 13n]);
    for (const bad of ["1.5", "-1", "1e3", "ten"]) {
      process.env.BILLING_STEP_PRICE = bad;
      expect(() => pricing()).toThrow(/BILLING_STEP_PRICE/);
    }
  });

  it("charges LLM tokens on the platform key at cost plus margin, rounded up; the workspace's own key costs nothing", () => {
    expect(chargeFor({ kind: "llm", cost: 1_000_000n, keySource: "platform" })).toBe(1_200_000n);
    // 20% of 1 micro is 0.2 micro: rounded up to 1, never below cost plus margin.
    expect(chargeFor({ kind: "llm", cost: 1n, keySource: "platform" })).toBe(2n);
    expect(chargeFor({ kind: "llm", cost: 0n, keySource: "platform" })).toBe(0n);
    expect(chargeFor({ kind: "llm", cost: 1_000_000n, keySource: "workspace" })).toBe(0n);
    process.env.BILLING_PLATFORM_MARGIN_BPS = "0";
    expect(chargeFor({ kind: "llm", cost: 123n, keySource: "platform" })).toBe(123n);
  });

  it("prices catalog models in integers end to end", () => {
    const model = MODEL_CATALOG[0];
    const cost = BigInt(costMicros(model, 12_345, 6_789));
    const charge = chargeFor({ kind: "llm", cost, keySource: "platform" });
    expect(typeof charge).toBe("bigint");
    expect(charge * 10_000n >= cost * 12_000n).toBe(true);
    expect(charge * 10_000n < cost * 12_000n + 10_000n).toBe(true);
  });

  it("charges steps and HTTP calls at their unit prices", () => {
    expect(chargeFor({ kind: "step" })).toBe(100n);
    expect(chargeFor({ kind: "http" })).toBe(500n);
    process.env.BILLING_HTTP_CALL_PRICE = "900";
    expect(chargeFor({ kind: "http" })).toBe(900n);
  });
});
