import { describe, expect, it } from "vitest";
import type { ModelCatalogDto } from "@/lib/schemas/models";
import type { ProviderListDto } from "@/lib/schemas/providers";
import { choiceValue, modelGroups, modelWarning } from "./model-choices";

const m = (vendor: "openai" | "anthropic" | "google", id: string, name = id) => ({ vendor, id, name, contextWindow: 1, maxOutputTokens: 1, inputMicrosPerMTok: 1, outputMicrosPerMTok: 1 });
const catalog: ModelCatalogDto["data"] = [m("openai", "gpt-4o-mini", "GPT-4o mini"), m("anthropic", "claude-x"), m("google", "gemini-y")];
const provider = (id: string, vendor: "openai" | "anthropic", models: string[], status: "active" | "error" = "active") =>
  ({ id, source: "workspace", name: `P ${id}`, vendor, baseUrl: null, keyHint: null, status, statusReason: null, models, lastValidatedAt: null, createdAt: "", updatedAt: "" }) as const;
const providers: ProviderListDto = {
  data: [provider("prov_1", "anthropic", [])],
  platformDefaults: [{ id: "platform", source: "platform", name: "OpenAI", vendor: "openai", inUse: true }],
};
const label = (v: string) => v.toUpperCase();

describe("model choices", () => {
  it("groups by provider, then platform key, then models nothing serves", () => {
    const groups = modelGroups(providers, catalog, label);
    expect(groups.map((g) => g.label)).toEqual(["P prov_1 (ANTHROPIC)", "Platform key · OPENAI", "No provider or platform key"]);
    expect(groups[0].choices).toEqual([{ value: "prov_1|claude-x", model: "claude-x", providerId: "prov_1", label: "claude-x" }]);
    expect(groups[1].choices[0]).toMatchObject({ value: choiceValue(null, "gpt-4o-mini"), label: "GPT-4o mini · gpt-4o-mini" });
    expect(groups[2].choices.map((c) => c.model)).toEqual(["gemini-y"]);
  });

  it("a provider's validated model list wins over the catalog", () => {
    const groups = modelGroups({ ...providers, data: [provider("prov_2", "openai", ["ft:custom"])] }, catalog, label);
    expect(groups[0].choices.map((c) => c.model)).toEqual(["ft:custom"]);
  });

  it("warns when nothing serves the chosen model", () => {
    expect(modelWarning({ providerId: null, model: "gpt-4o-mini" }, providers, catalog, label)).toBeNull();
    expect(modelWarning({ providerId: null, model: "claude-x" }, providers, catalog, label)).toBeNull();
    expect(modelWarning({ providerId: null, model: "gemini-y" }, providers, catalog, label)).toMatch(/No provider or platform key serves gemini-y: add a provider for GOOGLE in/);
    expect(modelWarning({ providerId: null, model: "mystery" }, providers, catalog, label)).toMatch(/not in the model catalog/);
    expect(modelWarning({ providerId: "prov_gone", model: "claude-x" }, providers, catalog, label)).toMatch(/no longer exists/);
    expect(modelWarning({ providerId: "prov_1", model: "gpt-4o-mini" }, providers, catalog, label)).toMatch(/not among the models/);
    expect(modelWarning({ providerId: "prov_1", model: "claude-x" }, { ...providers, data: [provider("prov_1", "anthropic", [], "error")] }, catalog, label)).toMatch(/needs attention/);
    expect(modelWarning({ providerId: null, model: "x" }, undefined, catalog, label)).toBeNull();
  });
});
