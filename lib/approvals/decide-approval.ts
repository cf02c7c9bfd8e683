import "server-only";
import { db, type Tx } from "@/lib/db/client";
import { ApiError, forbidden } from "@/lib/core/errors";
import { recordAudit } from "@/lib/audit/record";
import { tenantWhere, type ProjectRole, type ActingScope, type TenantScope } from "@/lib/core/scope";
import { appendRunEvent, type RunRef } from "@/lib/runs/events";
import { finishRun, type RunError } from "@/lib/runs/finish-run";
import { enqueueRun } from "@/lib/runs/queue";
import { retryOnDeadlock } from "@/lib/runs/retry-deadlock";
import { DEFAULT_GRANT, type ApprovalDto, type DecideApprovalBody } from "@/lib/schemas/approvals";
import { publishEvent } from "@/lib/webhooks/publish-event";
import { expireApproval } from "./expire-approvals";
import { updateStepsHashed } from "@/lib/runs/receipts/chain-steps";
import { getApprovalOrThrow, getApproval } from "./present-approval";

type Decision = "approve" | "reject";

const ROLE_RANK: Record<ProjectRole, number> = { project_viewer: 0, project_contributor: 1, project_admin: 2 };
// An unknown stored role demands the highest one: an error in the policy never lets more people in.
const rankOf = (role: string) => (Object.hasOwn(ROLE_RANK, role) ? ROLE_RANK[role as ProjectRole] : ROLE_RANK.project_admin);

/** The user who started the run: its starter, else the owner of the token that started it. */
async function runStarter(runId: string, requestedById: string | null): Promise<string | null> {
  const run = await db.run.findUnique({ where: { id: runId }, select: { startedById: true, startedByTokenId: true } });
  if (run?.startedById) return run.startedById;
  if (requestedById) return requestedById;
  if (!run?.startedByTokenId) return null;
  const token = await db.apiToken.findUnique({ where: { id: run.startedByTokenId }, select: { userId: true } });
  return token?.userId ?? null;
}

type Pending = {
  id: string;
  status: string;
  expiresAt: Date;
  approverRole: string;
  allowSelfApproval: boolean;
  runId: string;
  requestedById: string | null;
  gatewayToolId: string | null;
  callEndUserId: string | null;
};

/** A gateway call's "self" is the end user it is made for: the approver must not be that user (by id or email). */
async function isCallsEndUser(userId: string, endUserId: string | null): Promise<boolean> {
  if (!endUserId) return false;
  if (endUserId === userId) return true;
  const user = await db.user.findUnique({ where: { id: userId }, select: { email: true } });
  return !!user?.email && user.email.toLowerCase() === endUserId.toLowerCase();
}

/**
 * Who may decide: the approver role first; then whether there is anything left to decide (a
 * decided or expired approval is a 409 for everyone, self-approver included); then the
 * self-approval rule. An expired one is expired at once, failing its run.
 */
async function checkDecider(scope: ActingScope & Pick<TenantScope, "principal" | "projectRole">, a: Pending, now: Date) {
  if (ROLE_RANK[scope.projectRole] < rankOf(a.approverRole)) {
    throw forbidden(`Deciding this approval needs the ${a.approverRole} role in the project`, { reason: "approver_role" });
  }
  if (a.status === "pending" && a.expiresAt.getTime() <= now.getTime()) await expireApproval(a.id, now);
  if (a.status === "expired" || (a.status === "pending" && a.expiresAt.getTime() <= now.getTime())) {
    throw new ApiError("conflict", "This approval has expired; its run failed");
  }
  if (a.status !== "pending") throw new ApiError("conflict", `This approval is already ${a.status}`);
  if (a.allowSelfApproval) return;
  if (a.gatewayToolId) {
    if (scope.principal.userId && (await isCallsEndUser(scope.principal.userId, a.callEndUserId))) {
      throw forbidden("Self-approval is not allowed: the end user this call is made for cannot decide its approval (self_approval)", { reason: "self_approval" });
    }
    return;
  }
  if ((await runStarter(a.runId, a.requestedById)) === scope.principal.userId) {
    throw forbidden("Self-approval is not allowed: the user who started this run cannot decide its approval (self_approval)", { reason: "self_approval" });
  }
}

class Lost extends Error {}

type Decided = {
  id: string;
  nodeId: string;
  run: RunRef;
  decision: Decision;
  comment: string | null;
  now: Date;
  /** A gateway call's approval: approving issues a grant; the agent's run is not resumed or failed (the agent retries). */
  grant: { uses: number; expiresAt: Date } | null;
};

/** The decision, in one transaction: the claim, the events, the run's next state, webhook and audit. */
async function recordDecision(tx: Tx, scope: ActingScope & Pick<TenantScope, "principal" | "projectRole">, d: Decided): Promise<void> {
  const { id, run, now, comment } = d;
  const status = d.decision === "approve" ? "approved" : "rejected";
  const decidedById = scope.principal.userId;
  // Run row, then balance row (lib/billing's lock order): a rejection's finishRun releases the run's hold.
  const grant = d.grant && d.decision === "approve" ? { grantUses: d.grant.uses, grantUsed: 0, grantExpiresAt: d.grant.expiresAt } : {};
  const claimed = await tx.approval.updateMany({
    where: { id, workspaceId: run.workspaceId, projectId: run.projectId, status: "pending", expiresAt: { gt: now } },
    data: { status, decidedById, decidedAt: now, comment, ...grant },
  });
  if (claimed.count !== 1) throw new Lost();
  await tx.$executeRaw`SELECT 1 FROM "Run" WHERE id = ${run.id} FOR UPDATE`;
  const decided = { approvalId: id, decision: status, decidedById, comment, ...(d.grant && d.decision === "approve" ? { grant: { uses: d.grant.uses, expiresAt: d.grant.expiresAt.toISOString() } } : {}) };
  await appendRunEvent(tx, run, "approval.decided", decided, { nodeId: d.nodeId });
  if (d.grant) {
    // The agent's request goes on (or has ended): only a run still waiting on this gate resumes.
    const resumed = await tx.run.updateMany({ where: { id: run.id, status: "waiting_approval" }, data: { status: "running" } });
    if (resumed.count === 1) await appendRunEvent(tx, run, "run.resumed", { approvalId: id }, { status: "running" });
  } else if (d.decision === "approve") {
    await tx.run.updateMany({ where: { id: run.id, status: "waiting_approval" }, data: { status: "queued" } });
    await appendRunEvent(tx, run, "run.resumed", { approvalId: id }, { status: "queued" });
  } else {
    const error: RunError = { code: "approval_rejected", message: comment ? `Rejected: ${comment}` : "The approval was rejected", nodeId: d.nodeId };
    // The step keeps its approver (the receipt hashes it); an approved gate has it in its output.
    await updateStepsHashed(tx, run.id, { nodeId: d.nodeId, status: "waiting_approval" }, { status: "failed", error: { ...error, decidedById, comment }, finishedAt: now });
    await appendRunEvent(tx, run, "step.failed", { nodeType: "approval", error }, { nodeId: d.nodeId });
    await finishRun(tx, run, "failed", { error, actor: scope.actor });
  }
  await publishEvent(tx, { workspaceId: run.workspaceId, projectId: run.projectId, type: "approval.decided", data: { ...decided, runId: run.id, nodeId: d.nodeId } });
  await recordAudit(
    {
      workspaceId: run.workspaceId,
      projectId: run.projectId,
      actor: scope.actor,
      action: `approval.${status}`,
      target: { type: "approval", id },
      before: { status: "pending" },
      after: { status, comment },
      metadata: { runId: run.id, nodeId: d.nodeId, ...(d.grant && d.decision === "approve" ? { grant: { uses: d.grant.uses, expiresAt: d.grant.expiresAt.toISOString() } } : {}) },
      request: scope.meta,
    },
    tx,
  );
}

/**
 * Approves or rejects a pending approval. The conditional UPDATE (pending and not expired) is
 * the single point of decision: of two concurrent decisions exactly one changes the row, the
 * other gets 409. Approve puts the run back in the queue; reject fails it (`approval_rejected`).
 */
export async function decideApproval(scope: ActingScope & Pick<TenantScope, "principal" | "projectRole">, id: string, decision: Decision, body: DecideApprovalBody): Promise<ApprovalDto> {
  const approval = await getApprovalOrThrow(scope, id);
  const now = new Date();
  await checkDecider(scope, approval, now);
  const run: RunRef = { id: approval.runId, ...tenantWhere(scope) };
  if (body.grant && !approval.gatewayToolId) throw new ApiError("invalid_request", "Only an agent's gateway call takes a grant", { details: [{ path: "grant", message: "Not a gateway call's approval" }] });
  const grantOf = approval.gatewayToolId ? { uses: body.grant?.uses ?? DEFAULT_GRANT.uses, expiresAt: new Date(now.getTime() + (body.grant?.expiresInSeconds ?? DEFAULT_GRANT.expiresInSeconds) * 1000) } : null;
  const decided: Decided = { id, nodeId: approval.nodeId, run, decision, comment: body.comment || null, now, grant: grantOf };
  try {
    await retryOnDeadlock(() => db.$transaction((tx) => recordDecision(tx, scope, decided)));
  } catch (err) {
    if (!(err instanceof Lost)) throw err;
    // Someone else decided first, or the deadline passed: say which (and expire it if due).
    if (await expireApproval(id)) throw new ApiError("conflict", "This approval has expired; its run failed");
    const current = await getApprovalOrThrow(scope, id);
    throw new ApiError("conflict", `This approval is already ${current.status}`);
  }
  if (decision === "approve" && !grantOf) await enqueueRun(run.id);
  return getApproval(scope, id);
}
