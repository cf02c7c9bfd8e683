import { describe, expect, it } from "vitest";
import { effectiveModels, type ProjectModelSettingRow } from "./agent-models";

const setting = (role: string, model: string, extra: Partial<ProjectModelSettingRow> = {}): ProjectModelSettingRow => ({ role, model, providerId: null, temperature: null, maxTokens: null, ...extra });

describe("effectiveModels", () => {
  it("takes the agent's roles first, then the project's for roles it does not list", () => {
    const agent = { models: [{ role: "default", model: "gpt-4o-mini", temperature: 0.1 }] };
    const project = [setting("summarize", "claude-haiku-4-5"), setting("default", "gpt-4o", { maxTokens: 100 })];
    expect(effectiveModels(agent, project)).toEqual([
      { role: "default", model: "gpt-4o-mini", providerId: null, vendor: "openai", temperature: 0.1, source: "agent" },
      { role: "summarize", model: "claude-haiku-4-5", providerId: null, vendor: "anthropic", source: "project" },
    ]);
  });

  it("routes to a named provider with its vendor; a provider gone falls back to the catalog's vendor", () => {
    const agent = { models: [{ role: "default", model: "llama-3", providerId: "llm_1" }, { role: "fast", model: "gpt-4o-mini", providerId: "llm_gone" }] };
    expect(effectiveModels(agent, [], [{ id: "llm_1", vendor: "openai_compatible" }])).toEqual([
      { role: "default", model: "llama-3", providerId: "llm_1", vendor: "openai_compatible", source: "agent" },
      { role: "fast", model: "gpt-4o-mini", providerId: null, vendor: "openai", source: "agent" },
    ]);
  });

  it("a project setting's provider vendor comes with the row; unknown vendors and env-name clashes are left out", () => {
    const project = [
      setting("reasoning", "my-model", { providerId: "llm_2", provider: { vendor: "openai_compatible" } }),
      setting("mystery", "not-a-catalog-model"),
      setting("long-form", "gemini-2.5-pro"),
      setting("long_form", "gpt-4o"),
    ];
    expect(effectiveModels({ models: "corrupt" }, project).map((m) => [m.role, m.vendor, m.providerId])).toEqual([
      ["long-form", "google", null],
      ["reasoning", "openai_compatible", "llm_2"],
    ]);
  });
});
