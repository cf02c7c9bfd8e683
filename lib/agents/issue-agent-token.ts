import type { ActingScope } from "@/lib/core/scope";
import { newId } from "@/lib/core/ids";
import { actorUserId, recordScopedAudit } from "@/lib/audit/record";
import { db, type Tx } from "@/lib/db/client";
import { displayPrefix, generateToken, hashToken } from "@/lib/tokens/format";
import { MAX_AGENT_TOKEN_SECONDS, type CreatedAgentTokenDto, type IssueAgentTokenBody } from "@/lib/schemas/agents";
import { getAgentOrThrow } from "./find-agent";
import { notifyGateway } from "@/lib/db/notify-gateway";
import { agentTokenSelect, presentAgentToken, tokenAuditView } from "./present";

type AgentRef = { id: string; workspaceId: string; projectId: string };

/**
 * Generates a value and stores only its SHA-256 and display prefix; the value is returned to be
 * shown once. No audit and no notification: the callers (create, rotate, issue) do both.
 */
export async function writeAgentToken(tx: Tx, agent: AgentRef, opts: { name: string; expiresAt: Date | null; createdById: string | null }): Promise<CreatedAgentTokenDto> {
  const token = generateToken("agent");
  const row = await tx.agentToken.create({
    data: {
      id: newId("agentToken"),
      workspaceId: agent.workspaceId,
      projectId: agent.projectId,
      agentId: agent.id,
      name: opts.name,
      tokenHash: hashToken(token),
      prefix: displayPrefix(token),
      expiresAt: opts.expiresAt,
      createdById: opts.createdById,
    },
    select: agentTokenSelect,
  });
  return { ...presentAgentToken(row), token };
}

/** An extra, short-lived token beside the agent's others (the CLI's): 30 days at most, and by default. */
export async function issueAgentToken(scope: ActingScope, idOrSlug: string, input: IssueAgentTokenBody): Promise<CreatedAgentTokenDto> {
  const agent = await getAgentOrThrow(scope, idOrSlug);
  const expiresAt = new Date(Date.now() + (input.expiresInSeconds ?? MAX_AGENT_TOKEN_SECONDS) * 1000);
  return db.$transaction(async (tx) => {
    const created = await writeAgentToken(tx, agent, { name: input.name, expiresAt, createdById: actorUserId(scope.actor) });
    await notifyGateway(tx, { kind: "agent", agentId: agent.id });
    await recordScopedAudit(
      scope,
      { action: "agent.token_issue", target: { type: "agent_token", id: created.id }, after: tokenAuditView(created), metadata: { agentId: agent.id, agentSlug: agent.slug } },
      tx,
    );
    return created;
  });
}
