import type { IncomingMessage } from "node:http";
import { CONTEXT_HEADER } from "@/lib/agents/context-token";
import { openAgentRun, type AgentRunRef } from "@/lib/agents/agent-runs";
import { ApiError, workspacePendingDeletion } from "@/lib/core/errors";
import { addLogContext } from "@/lib/core/log-context";
import { openAiError, type OpenAIErrorResponse } from "@/lib/llm/wire/errors";
import type { AgentConfig, AgentDirectory } from "../directory";
import { bearerOf } from "../http";
import { verifiedContext } from "../context";

// Who is calling the LLM endpoint: the agent (its ar_agt_ token), and — when the call belongs
// to an end-user request — the context token ingress gave it, which names the run and the
// verified end user. A call without one is the agent acting for itself: it gets a run of its
// own, opened here and closed after the call.

export type LlmCaller = {
  agent: AgentConfig;
  /** The agent token's row and hash: every metered call re-checks it is live (reserveOnRun). */
  tokenId: string;
  tokenHash: string;
  run: { id: string; workspaceId: string; projectId: string };
  endUserId: string | null;
  /** Set when this call opened its own run: the caller closes it after the call. */
  ownRun: AgentRunRef | null;
};

export class CallerRefused extends Error {
  constructor(readonly response: OpenAIErrorResponse) {
    super(response.body.error.message);
  }
}

export async function llmCaller(req: IncomingMessage, directory: AgentDirectory): Promise<LlmCaller> {
  const token = bearerOf(req);
  const found = token ? await directory.agentForToken(token) : null;
  if (!found) throw new CallerRefused(openAiError(401, "invalid_api_key", "Send the agent's token (ar_agt_…) as Authorization: Bearer", "authentication_error"));
  const { agent, tokenId, tokenHash } = found;
  addLogContext({ agentId: agent.id, workspaceId: agent.workspaceId, projectId: agent.projectId });
  if (agent.pendingDeletion) throw new CallerRefused(openAiError(403, "workspace_pending_deletion", workspacePendingDeletion().message, "permission_error"));
  const raw = req.headers[CONTEXT_HEADER];
  if (raw !== undefined) {
    const context = typeof raw === "string" ? await verifiedContext(raw, agent.id) : null;
    if (!context) throw new CallerRefused(openAiError(401, "invalid_context", "The X-Agentruntime-Context token is invalid, expired or was issued to another agent", "authentication_error"));
    addLogContext({ runId: context.runId });
    return { agent, tokenId, tokenHash, run: { id: context.runId, workspaceId: context.workspaceId, projectId: context.projectId }, endUserId: context.endUserId, ownRun: null };
  }
  return { agent, tokenId, tokenHash, run: { id: "", workspaceId: agent.workspaceId, projectId: agent.projectId }, endUserId: null, ownRun: null };
}

/** Opens the run of a call made without a context token. */
export async function openOwnRun(caller: LlmCaller, path: string): Promise<void> {
  if (caller.run.id) return;
  try {
    const run = await openAgentRun({ agent: caller.agent, endUserId: null, request: { method: "POST", path, via: "llm" } });
    caller.run = { id: run.id, workspaceId: run.workspaceId, projectId: run.projectId };
    caller.ownRun = run;
    addLogContext({ runId: run.id });
  } catch (err) {
    if (err instanceof ApiError && err.code === "insufficient_credits") throw new CallerRefused(openAiError(402, "insufficient_credits", err.message, "insufficient_quota"));
    throw err;
  }
}
