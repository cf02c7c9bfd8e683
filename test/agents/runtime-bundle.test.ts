import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { newId } from "@/lib/core/ids";
import { createTestProvider } from "@/test/factories/providers";
import { allowLoopback } from "@/test/connections/helpers";
import { inProject } from "@/test/support/http";
import { teamWorld } from "@/test/support/world";
import { createAgent, getRuntime } from "./helpers";

const PROVIDER_KEY = "sk-ant-runtimeCanary0000000000000000";
const PLATFORM_KEY = "sk-platformCanary000000000000000000";

let restoreEnv: () => void;
beforeAll(() => {
  restoreEnv = allowLoopback();
  process.env.GATEWAY_URL = "https://gw.example.test/";
  process.env.PLATFORM_OPENAI_API_KEY = PLATFORM_KEY;
});
afterAll(() => {
  restoreEnv();
  delete process.env.GATEWAY_URL;
  delete process.env.PLATFORM_OPENAI_API_KEY;
});

describe("GET /v1/agents/{id}/runtime", () => {
  it("the agent's environment: ids, URLs on the gateway, its prompt, a model per role (agent first, then the project's), a URL per tool; never a credential", async () => {
    const { a, admin } = await teamWorld();
    const anthropic = await createTestProvider({ workspaceId: a.workspace.id, vendor: "anthropic", apiKey: PROVIDER_KEY });
    const setting = (role: string, model: string, providerId: string | null = null) =>
      db.modelSetting.create({ data: { id: newId("modelSetting"), workspaceId: a.workspace.id, projectId: a.project.id, role, model, providerId } });
    await setting("default", "gpt-4o"); // the agent's own default wins
    await setting("reasoning", "claude-sonnet-4-5", anthropic.id);
    await setting("long-form", "gemini-2.5-pro");
    const created = await createAgent(admin, {
      slug: "support",
      systemPrompt: "You are helpful.\nLine two.",
      models: [
        { role: "default", model: "gpt-4o-mini", temperature: 0.3, maxTokens: 800 },
        { role: "fast", model: "claude-haiku-4-5", providerId: anthropic.id },
      ],
      requiredTools: ["crm", "web-search"],
    });
    expect(created.status, created.text).toBe(201);
    const { agent, token } = created.json;

    const res = await getRuntime(inProject(a.members.viewer, a.slug), "support");
    expect(res.status).toBe(200);
    expect(res.json).toEqual({
      agent: { id: agent.id, slug: "support", name: "Support bot" },
      env: {
        AGENTRUNTIME_AGENT_ID: agent.id,
        AGENTRUNTIME_INGRESS_URL: `https://gw.example.test/a/${agent.id}`,
        SYSTEM_PROMPT: "You are helpful.\nLine two.",
        LLM_GATEWAY_URL: "https://gw.example.test/llm/v1",
        LLM_MODEL_DEFAULT: "gpt-4o-mini",
        LLM_PROVIDER_DEFAULT: "openai",
        LLM_TEMPERATURE_DEFAULT: "0.3",
        LLM_MAX_TOKENS_DEFAULT: "800",
        LLM_MODEL_FAST: "claude-haiku-4-5",
        LLM_PROVIDER_FAST: "anthropic",
        LLM_MODEL_LONG_FORM: "gemini-2.5-pro",
        LLM_PROVIDER_LONG_FORM: "google",
        LLM_MODEL_REASONING: "claude-sonnet-4-5",
        LLM_PROVIDER_REASONING: "anthropic",
        TOOL_CRM_URL: "https://gw.example.test/t/crm",
        TOOL_WEB_SEARCH_URL: "https://gw.example.test/t/web-search",
      },
    });
    for (const secret of ["ar_agt_", token.token, PROVIDER_KEY, PLATFORM_KEY, "sk-"]) expect(res.text).not.toContain(secret);
  });

  it("a provider deleted since falls back to the platform key of the model's vendor", async () => {
    const { a, admin } = await teamWorld();
    const provider = await createTestProvider({ workspaceId: a.workspace.id, vendor: "openai", apiKey: "sk-deleted-000000000000" });
    const created = await createAgent(admin, { models: [{ role: "default", model: "gpt-4.1", providerId: provider.id }] });
    await db.llmProvider.delete({ where: { id: provider.id } });
    const { env } = (await getRuntime(admin, created.json.agent.id)).json;
    expect(env).toMatchObject({ LLM_MODEL_DEFAULT: "gpt-4.1", LLM_PROVIDER_DEFAULT: "openai" });
  });
});
