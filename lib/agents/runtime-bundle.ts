import type { TenantRef } from "@/lib/core/scope";
import { envName, type AgentRuntimeDto } from "@/lib/schemas/agents";
import { loadEffectiveModels } from "./agent-models";
import { getAgentOrThrow } from "./find-agent";
import { gatewayPublicUrl } from "./gateway-url";
import { ingressUrl } from "./present";

// The agent's runtime injection (seed 002, stage 2): everything it needs to run, as environment
// variables, and never a credential: its token travels separately (the CLI adds it to the
// process's environment), and provider keys never leave the gateway.

/** The environment of an agent process: ids and URLs, its prompt, a model per role, a URL per tool. */
export async function getAgentRuntime(scope: TenantRef, idOrSlug: string): Promise<AgentRuntimeDto> {
  const agent = await getAgentOrThrow(scope, idOrSlug);
  const gateway = gatewayPublicUrl();
  const env: Record<string, string> = {
    AGENTRUNTIME_AGENT_ID: agent.id,
    AGENTRUNTIME_INGRESS_URL: ingressUrl(agent.id),
    SYSTEM_PROMPT: agent.systemPrompt,
    LLM_GATEWAY_URL: `${gateway}/llm/v1`,
  };
  for (const m of await loadEffectiveModels(agent)) {
    const role = envName(m.role);
    env[`LLM_MODEL_${role}`] = m.model;
    env[`LLM_PROVIDER_${role}`] = m.vendor;
    if (m.temperature !== undefined) env[`LLM_TEMPERATURE_${role}`] = String(m.temperature);
    if (m.maxTokens !== undefined) env[`LLM_MAX_TOKENS_${role}`] = String(m.maxTokens);
  }
  for (const tool of agent.requiredTools) env[`TOOL_${envName(tool)}_URL`] = `${gateway}/t/${tool}`;
  return { agent: { id: agent.id, slug: agent.slug, name: agent.name }, env };
}
