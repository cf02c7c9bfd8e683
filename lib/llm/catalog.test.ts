import { describe, expect, it } from "vitest";
import { costMicros, findCatalogModel, MODEL_CATALOG } from "./catalog";

describe("model catalog", () => {
  it("prices are integer micro-USD per million tokens, ids unique per vendor", () => {
    const ids = new Set<string>();
    for (const m of MODEL_CATALOG) {
      expect(Number.isInteger(m.inputMicrosPerMTok) && Number.isInteger(m.outputMicrosPerMTok), m.id).toBe(true);
      expect(m.contextWindow).toBeGreaterThan(m.maxOutputTokens);
      expect(ids.has(`${m.vendor}/${m.id}`)).toBe(false);
      ids.add(`${m.vendor}/${m.id}`);
    }
    expect(findCatalogModel("openai", "gpt-4o")).toMatchObject({ inputMicrosPerMTok: 2_500_000, outputMicrosPerMTok: 10_000_000 });
    expect(findCatalogModel("google", "gemini-2.0-flash-lite")).toMatchObject({ inputMicrosPerMTok: 75_000, outputMicrosPerMTok: 300_000 });
  });

  it("finds dated snapshots and aliases under their base model, the longest base first", () => {
    expect(findCatalogModel("openai", "gpt-4o-2024-08-06")?.id).toBe("gpt-4o");
    expect(findCatalogModel("openai", "gpt-4o-mini-2024-07-18")?.id).toBe("gpt-4o-mini");
    expect(findCatalogModel("anthropic", "claude-sonnet-4-5-20250929")?.id).toBe("claude-sonnet-4-5");
    expect(findCatalogModel("anthropic", "claude-3-5-haiku-20241022")?.id).toBe("claude-3-5-haiku-latest");
    expect(findCatalogModel("anthropic", "claude-sonnet-4-20250514")?.id).toBe("claude-sonnet-4-0");
    expect(findCatalogModel("openai", "gpt-4o-audio-preview")).toBeNull();
    expect(findCatalogModel("anthropic", "gpt-4o")).toBeNull();
    expect(findCatalogModel("openai_compatible", "llama-3.1-8b")).toBeNull();
  });

  it("costs are exact integers, rounded up once per call", () => {
    const gpt4o = findCatalogModel("openai", "gpt-4o")!;
    expect(costMicros(gpt4o, 1_000_000, 0)).toBe(2_500_000);
    expect(costMicros(gpt4o, 1234, 56)).toBe(3645);
    expect(costMicros(gpt4o, 0, 0)).toBe(0);
    expect(costMicros(gpt4o, 1, 0)).toBe(3); // 2.5 µ$ → 3
    const mini = findCatalogModel("openai", "gpt-4o-mini")!;
    expect(costMicros(mini, 1234, 56)).toBe(219); // 218.7 → 219
    // Far beyond float-safe products: BigInt keeps it exact.
    const opus = findCatalogModel("anthropic", "claude-opus-4-1")!;
    expect(costMicros(opus, 9_000_000_000, 9_000_000_000)).toBe(810_000_000_000);
  });
});
