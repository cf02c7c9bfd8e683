import { DEFAULT_AGENT_JWT_ALGORITHMS, type AgentDto, type AgentJwtAlgorithm } from "@/lib/schemas/agents";

// The agent form as the console edits it (text as typed) and the API body it becomes. Numbers
// stay text until sent, lists are typed comma- or line-separated, the budget is in dollars.

export const PLATFORM_KEY = "platform";

export type ModelRow = { role: string; model: string; providerId: string; temperature: string; maxTokens: string };

export type AgentFormState = {
  name: string;
  slug: string;
  description: string;
  endpointUrl: string;
  systemPrompt: string;
  models: ModelRow[];
  tools: string;
  idpEnabled: boolean;
  jwksUrl: string;
  issuer: string;
  audiences: string;
  algorithms: AgentJwtAlgorithm[];
  userClaim: string;
  origins: string;
  budgetUsd: string;
  tokensPerMinute: string;
  endUserTokensPerMinute: string;
};

export const emptyModel = (role = ""): ModelRow => ({ role, model: "", providerId: PLATFORM_KEY, temperature: "", maxTokens: "" });

export function initialState(agent?: AgentDto): AgentFormState {
  const idp = agent?.identityProvider;
  return {
    name: agent?.name ?? "",
    slug: agent?.slug ?? "",
    description: agent?.description ?? "",
    endpointUrl: agent?.endpointUrl ?? "",
    systemPrompt: agent?.systemPrompt ?? "",
    models: agent
      ? agent.models.map((m) => ({ role: m.role, model: m.model, providerId: m.providerId ?? PLATFORM_KEY, temperature: m.temperature?.toString() ?? "", maxTokens: m.maxTokens?.toString() ?? "" }))
      : [emptyModel("default")],
    tools: agent?.requiredTools.join(", ") ?? "",
    idpEnabled: !!idp,
    jwksUrl: idp?.jwksUrl ?? "",
    issuer: idp?.issuer ?? "",
    audiences: idp?.audiences.join(", ") ?? "",
    algorithms: idp?.algorithms ?? DEFAULT_AGENT_JWT_ALGORITHMS,
    userClaim: idp?.userClaim ?? "sub",
    origins: agent?.allowedOrigins.join("\n") ?? "",
    budgetUsd: agent?.runBudget != null ? String(agent.runBudget / 1_000_000) : "",
    tokensPerMinute: agent?.tokensPerMinute?.toString() ?? "",
    endUserTokensPerMinute: agent?.endUserTokensPerMinute?.toString() ?? "",
  };
}

const list = (text: string) => text.split(/[\s,]+/).filter(Boolean);
// Text that is not a number is sent as is: the API's schema names the field.
const num = (text: string) => (text.trim() === "" ? null : Number.isFinite(Number(text)) ? Number(text) : text);
const usdMicros = (text: string) => {
  const n = num(text);
  return typeof n === "number" ? Math.round(n * 1_000_000) : n;
};

/** The body of POST /v1/agents (with the slug) or PATCH /v1/agents/{id}. */
export function toBody(s: AgentFormState) {
  return {
    slug: s.slug.trim(),
    name: s.name.trim(),
    description: s.description.trim() || null,
    endpointUrl: s.endpointUrl.trim(),
    systemPrompt: s.systemPrompt,
    models: s.models
      .filter((m) => m.role.trim() || m.model.trim())
      .map((m) => ({
        role: m.role.trim(),
        model: m.model.trim(),
        ...(m.providerId !== PLATFORM_KEY ? { providerId: m.providerId } : {}),
        ...(num(m.temperature) !== null ? { temperature: num(m.temperature) } : {}),
        ...(num(m.maxTokens) !== null ? { maxTokens: num(m.maxTokens) } : {}),
      })),
    requiredTools: list(s.tools),
    identityProvider: s.idpEnabled ? { jwksUrl: s.jwksUrl.trim(), issuer: s.issuer.trim(), audiences: list(s.audiences), algorithms: s.algorithms, userClaim: s.userClaim.trim() || "sub" } : null,
    allowedOrigins: list(s.origins),
    runBudget: usdMicros(s.budgetUsd),
    tokensPerMinute: num(s.tokensPerMinute),
    endUserTokensPerMinute: num(s.endUserTokensPerMinute),
  };
}
