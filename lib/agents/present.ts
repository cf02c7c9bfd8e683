import { createHash } from "node:crypto";
import type { Agent, AgentToken } from "@/lib/generated/prisma/client";
import { gatewayPublicUrl } from "./gateway-url";
import { storedAgentModels } from "./agent-models";
import type { AgentDto, AgentJwtAlgorithm, AgentTokenDto } from "@/lib/schemas/agents";

// How agents and their tokens leave the server. An agent row holds no secret; a token row's
// hash never leaves it (tokenView selects the columns that may).

/** Where clients call the agent through the gateway: by id, the one name unique across projects. */
export function ingressUrl(agentId: string): string {
  return `${gatewayPublicUrl()}/a/${agentId}`;
}

export function presentAgent(row: Agent): AgentDto {
  return {
    id: row.id,
    ...settingsView(row),
    ingressUrl: ingressUrl(row.id),
    systemPrompt: row.systemPrompt,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

/** The agent's settings as the audit log keeps them: the system prompt by size and hash only. */
export function auditView(row: Agent) {
  return { ...settingsView(row), systemPrompt: { bytes: Buffer.byteLength(row.systemPrompt), sha256: createHash("sha256").update(row.systemPrompt).digest("hex") } };
}

function settingsView(row: Agent) {
  return {
    slug: row.slug,
    name: row.name,
    description: row.description,
    endpointUrl: row.endpointUrl,
    models: storedAgentModels(row.models).map((m) => ({ role: m.role, model: m.model, providerId: m.providerId ?? null, temperature: m.temperature ?? null, maxTokens: m.maxTokens ?? null })),
    requiredTools: row.requiredTools,
    identityProvider: row.jwksUrl
      ? { jwksUrl: row.jwksUrl, issuer: row.issuer ?? "", audiences: row.audiences, algorithms: row.algorithms as AgentJwtAlgorithm[], userClaim: row.userClaim }
      : null,
    allowedOrigins: row.allowedOrigins,
    runBudget: row.runBudget === null ? null : Number(row.runBudget),
    tokensPerMinute: row.tokensPerMinute,
    endUserTokensPerMinute: row.endUserTokensPerMinute,
  };
}

/** Every column of a token but its hash. */
export const agentTokenSelect = { id: true, name: true, prefix: true, createdAt: true, lastUsedAt: true, expiresAt: true, revokedAt: true } as const;
type TokenRow = Pick<AgentToken, keyof typeof agentTokenSelect>;

export function presentAgentToken(row: TokenRow): AgentTokenDto {
  return {
    id: row.id,
    name: row.name,
    prefix: row.prefix,
    createdAt: row.createdAt.toISOString(),
    lastUsedAt: row.lastUsedAt?.toISOString() ?? null,
    expiresAt: row.expiresAt?.toISOString() ?? null,
    revokedAt: row.revokedAt?.toISOString() ?? null,
  };
}

/** What the audit log keeps about a token: enough to recognise it, nothing to use it. */
export const tokenAuditView = (t: AgentTokenDto) => ({ name: t.name, prefix: t.prefix, expiresAt: t.expiresAt, revokedAt: t.revokedAt });
