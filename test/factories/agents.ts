import type pg from "pg";
import { db } from "@/lib/db/client";
import type { AgentRunRef } from "@/lib/agents/agent-runs";
import { commitAgentCalls, type AgentCallRecord } from "@/lib/agents/agent-usage";
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

/**
 * A finished agent call as the gateway hands it to commitAgentCalls: a succeeded gpt-4o-mini call
 * of `run`, started `agoMs` ago and lasting `tookMs`, with `fields` on top.
 */
export function agentCallRecord(run: AgentRunRef, fields: Partial<AgentCallRecord> = {}, timing: { agoMs?: number; tookMs?: number } = {}): AgentCallRecord {
  const startedAt = new Date(Date.now() - (timing.agoMs ?? 100));
  return {
    usageId: newId("usage"),
    ledgerId: newId("ledger"),
    stepId: newId("runStep"),
    runId: run.id,
    workspaceId: run.workspaceId,
    projectId: run.projectId,
    nodeId: `llm_${newId("usage").slice(-12)}`,
    nodeType: "llm",
    status: "succeeded",
    provider: "openai",
    model: "gpt-4o-mini",
    keySource: "platform",
    tokensIn: 10,
    tokensOut: 5,
    cost: 0n,
    charge: 0n,
    reserved: 0n,
    estimated: false,
    startedAt,
    finishedAt: new Date(startedAt.getTime() + (timing.tookMs ?? 20)),
    stepInput: { model: "gpt-4o-mini" },
    stepOutput: { finishReason: "stop" },
    stepError: null,
    ...fields,
  };
}

/** Commits agent calls as the gateway's usage batch does, on a connection of `pool`. */
export async function commitAgentCallsOn(pool: pg.Pool, records: AgentCallRecord[]): Promise<void> {
  const client = await pool.connect();
  try {
    await commitAgentCalls(client, records);
  } finally {
    client.release();
  }
}
