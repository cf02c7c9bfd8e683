import { db } from "@/lib/db/client";
import { newId } from "@/lib/core/ids";
import { intEnv } from "@/lib/core/env";
import { appendRunEvent } from "@/lib/runs/events";
import { publishEvent } from "@/lib/webhooks/publish-event";
import { recordAudit } from "@/lib/audit/record";

// Approvals of agents' tool calls through the gateway, bound to the exact call. A call whose
// policy says approval_required passes only on a grant for its hash (agent, end user, tool,
// method, path with query, body): approving the access request issues one (lib/approvals), and
// each pass takes one use in a single conditional UPDATE, so a single-use grant lets exactly
// one of any number of concurrent identical calls through. Without a grant the call opens an
// access request — or points at the one already pending for the same call.

const REQUEST_TTL_S = () => intEnv("GATEWAY_APPROVAL_TTL_SECONDS", 24 * 60 * 60, { invalid: "fallback" });

export type BoundCall = {
  workspaceId: string;
  projectId: string;
  runId: string;
  agentId: string;
  toolId: string;
  toolName: string;
  method: string;
  /** The path below the tool with its query, as the agent sent it. */
  path: string;
  endUserId: string | null;
  bodyHash: string;
  callHash: string;
};

/** Takes one use of a live grant for this call; the approval it came from, or null when there is none. */
export async function takeGrant(workspaceId: string, callHash: string): Promise<{ approvalId: string; decidedById: string | null } | null> {
  const rows = await db.$queryRaw<{ id: string; decidedById: string | null }[]>`
    UPDATE "Approval" SET "grantUsed" = "grantUsed" + 1
     WHERE id = (SELECT id FROM "Approval"
                  WHERE "callHash" = ${callHash} AND "workspaceId" = ${workspaceId} AND status = 'approved'
                    AND "grantUsed" < "grantUses" AND "grantExpiresAt" > now()
                  ORDER BY "decidedAt" LIMIT 1 FOR UPDATE)
       AND "grantUsed" < "grantUses" AND "grantExpiresAt" > now()
    RETURNING id, "decidedById"`;
  const row = rows[0];
  return row ? { approvalId: row.id, decidedById: row.decidedById } : null;
}

/**
 * The access request for a call that needs approval: the pending one for the same call if there
 * is one, else a new one — and the run waits on it (`waiting_approval`) while the agent goes on.
 */
export async function requestCallApproval(call: BoundCall): Promise<{ approvalId: string; created: boolean }> {
  const pending = await db.approval.findFirst({
    where: { workspaceId: call.workspaceId, callHash: call.callHash, status: "pending", expiresAt: { gt: new Date() } },
    select: { id: true },
  });
  if (pending) {
    await markWaiting(call, pending.id);
    return { approvalId: pending.id, created: false };
  }
  const id = newId("approval");
  const nodeId = `tool-approval-${id.slice(4)}`;
  const expiresAt = new Date(Date.now() + REQUEST_TTL_S() * 1000);
  const run = { id: call.runId, workspaceId: call.workspaceId, projectId: call.projectId };
  const message = `Agent call ${call.method} ${call.toolName}${call.path}${call.endUserId ? ` for ${call.endUserId}` : ""}`;
  await db.$transaction(async (tx) => {
    await tx.approval.create({
      data: {
        id,
        workspaceId: call.workspaceId,
        projectId: call.projectId,
        runId: call.runId,
        nodeId,
        message: message.slice(0, 1000),
        approverRole: "project_admin",
        allowSelfApproval: false,
        expiresAt,
        gatewayToolId: call.toolId,
        agentId: call.agentId,
        callMethod: call.method,
        callPath: call.path,
        callEndUserId: call.endUserId,
        callBodyHash: call.bodyHash,
        callHash: call.callHash,
      },
    });
    const requested = { approvalId: id, toolId: call.toolId, tool: call.toolName, method: call.method, path: call.path, endUserId: call.endUserId, callHash: call.callHash, expiresAt: expiresAt.toISOString() };
    await appendRunEvent(tx, run, "approval.requested", requested, { nodeId });
    const waiting = await tx.run.updateMany({ where: { id: call.runId, workspaceId: call.workspaceId, status: "running" }, data: { status: "waiting_approval" } });
    if (waiting.count === 1) await appendRunEvent(tx, run, "run.waiting_approval", { approvalId: id }, { status: "waiting_approval" });
    await publishEvent(tx, { workspaceId: call.workspaceId, projectId: call.projectId, type: "approval.requested", data: { ...requested, runId: call.runId, nodeId } });
    await recordAudit(
      {
        workspaceId: call.workspaceId,
        projectId: call.projectId,
        actor: { type: "system", label: "gateway" },
        action: "approval.request",
        target: { type: "approval", id },
        after: { status: "pending" },
        metadata: { runId: call.runId, agentId: call.agentId, ...requested },
      },
      tx,
    );
  });
  return { approvalId: id, created: true };
}

async function markWaiting(call: BoundCall, approvalId: string): Promise<void> {
  await db.$transaction(async (tx) => {
    const waiting = await tx.run.updateMany({ where: { id: call.runId, workspaceId: call.workspaceId, status: "running" }, data: { status: "waiting_approval" } });
    if (waiting.count === 1) await appendRunEvent(tx, { id: call.runId, workspaceId: call.workspaceId, projectId: call.projectId }, "run.waiting_approval", { approvalId }, { status: "waiting_approval" });
  });
}
