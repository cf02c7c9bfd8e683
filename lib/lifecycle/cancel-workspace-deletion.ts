import { db } from "@/lib/db/client";
import { ApiError } from "@/lib/core/errors";
import type { WorkspaceScope } from "@/lib/core/scope";
import { recordAudit } from "@/lib/audit/record";
import { notifyGateway } from "@/lib/db/notify-gateway";
import { sendMail } from "@/lib/mail/send";
import { logger } from "@/lib/core/logger";
import { workspaceDeletionCanceledMail } from "./mails";
import { presentDeletion, type DeletionDto } from "./present";

/**
 * Cancels a pending deletion while the purge has not begun (even past the window, until the job
 * takes it): the workspace works again at once. 409 when there is nothing to cancel or the purge
 * has started.
 */
export async function cancelWorkspaceDeletion(scope: WorkspaceScope): Promise<DeletionDto> {
  const outcome = await db.$transaction(async (tx) => {
    await tx.$queryRaw`SELECT id FROM "Workspace" WHERE id = ${scope.workspace.id} FOR UPDATE`;
    const pending = await tx.workspaceDeletion.findFirst({ where: { workspaceId: scope.workspace.id, status: { in: ["scheduled", "purging"] } } });
    if (!pending) throw new ApiError("conflict", "This workspace has no pending deletion");
    // The purge job takes the row with the same conditional update: exactly one of them wins.
    const { count } = await tx.workspaceDeletion.updateMany({ where: { id: pending.id, status: "scheduled" }, data: { status: "canceled", canceledAt: new Date() } });
    if (count === 0) throw new ApiError("conflict", "The deletion has already started and can no longer be canceled");
    await tx.workspace.update({ where: { id: scope.workspace.id }, data: { deletionScheduledFor: null } });
    await recordAudit(
      { workspaceId: scope.workspace.id, actor: scope.actor, action: "workspace.delete_canceled", target: { type: "workspace", id: scope.workspace.id }, before: { status: "pending_deletion" }, after: { status: "active" }, request: scope.meta },
      tx,
    );
    await notifyGateway(tx, { kind: "workspace", workspaceId: scope.workspace.id });
    const members = await tx.workspaceMember.findMany({ where: { workspaceId: scope.workspace.id }, select: { user: { select: { email: true } } } });
    return { row: await tx.workspaceDeletion.findUniqueOrThrow({ where: { id: pending.id } }), members: members.map((m) => m.user.email) };
  });
  for (const to of outcome.members) {
    await sendMail(workspaceDeletionCanceledMail(to, scope.workspace)).catch((err: unknown) => logger.error("deletion mail not queued", { err }));
  }
  return presentDeletion(outcome.row);
}
