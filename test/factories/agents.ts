import { db } from "@/lib/db/client";
import { newId } from "@/lib/core/ids";
import { generateToken, hashToken, displayPrefix } from "@/lib/tokens/format";
import type { Prisma } from "@/lib/generated/prisma/client";

type CreateTestAgentOptions = {
  workspaceId: string;
  projectId: string;
  slug?: string;
  endpointUrl?: string;
  systemPrompt?: string;
  models?: { role: string; model: string; providerId?: string | null; temperature?: number; maxTokens?: number }[];
  requiredTools?: string[];
  jwksUrl?: string | null;
  issuer?: string | null;
  audiences?: string[];
  algorithms?: string[];
  userClaim?: string;
  allowedOrigins?: string[];
  runBudget?: bigint | null;
  tokensPerMinute?: number | null;
  endUserTokensPerMinute?: number | null;
};

/** An agent row and one live agent token (`ar_agt_…`), written directly: no audit, no checks. */
export async function createTestAgent(opts: CreateTestAgentOptions) {
  const slug = opts.slug ?? `agent-${newId("agent").slice(-8).toLowerCase()}`;
  const agent = await db.agent.create({
    data: {
      id: newId("agent"),
      workspaceId: opts.workspaceId,
      projectId: opts.projectId,
      slug,
      name: slug,
      endpointUrl: opts.endpointUrl ?? "http://127.0.0.1:9/agent",
      systemPrompt: opts.systemPrompt ?? "You are a test agent.",
      models: (opts.models ?? [{ role: "default", model: "gpt-4o-mini" }]) as Prisma.InputJsonValue,
      requiredTools: opts.requiredTools ?? [],
      jwksUrl: opts.jwksUrl ?? null,
      issuer: opts.issuer ?? null,
      audiences: opts.audiences ?? [],
      algorithms: opts.algorithms ?? ["RS256", "ES256"],
      userClaim: opts.userClaim ?? "sub",
      allowedOrigins: opts.allowedOrigins ?? [],
      runBudget: opts.runBudget ?? null,
      tokensPerMinute: opts.tokensPerMinute ?? null,
      endUserTokensPerMinute: opts.endUserTokensPerMinute ?? null,
    },
  });
  const token = await createTestAgentToken(agent);
  return { agent, token: token.value, tokenId: token.id };
}

export async function createTestAgentToken(agent: { id: string; workspaceId: string; projectId: string }, opts: { expiresAt?: Date | null } = {}) {
  const value = generateToken("agent");
  const row = await db.agentToken.create({
    data: { id: newId("agentToken"), workspaceId: agent.workspaceId, projectId: agent.projectId, agentId: agent.id, name: "test", tokenHash: hashToken(value), prefix: displayPrefix(value), expiresAt: opts.expiresAt ?? null },
  });
  return { value, id: row.id };
}
