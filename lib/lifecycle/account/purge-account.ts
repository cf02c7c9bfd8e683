import { db } from "@/lib/db/client";
import { logger } from "@/lib/core/logger";
import { recordAudit } from "@/lib/audit/record";
import { ownedLiveWorkspaces } from "./sole-ownership";

/** The columns that name the author of a row; nulled when the author's account is deleted (shown as "deleted user"). */
export const AUTHOR_COLUMNS: readonly [table: string, column: string][] = [
  ["Invitation", "invitedById"],
  ["Connection", "createdById"],
  ["LlmProvider", "createdById"],
  ["Workflow", "createdById"],
  ["WorkflowVersion", "publishedById"],
  ["Run", "startedById"],
  ["Approval", "requestedById"],
  ["Approval", "decidedById"],
  ["InboundSubscription", "createdById"],
  ["WebhookEndpoint", "createdById"],
  ["CheckoutSession", "createdById"],
  ["McpInstance", "createdById"],
  ["McpTool", "policySetById"],
  ["Agent", "createdById"],
  ["AgentToken", "createdById"],
  ["Tool", "createdById"],
  ["ToolPolicy", "createdById"],
  ["WorkspaceDeletion", "requestedById"],
];

/**
 * Deletes an account whose grace window has passed: author columns are nulled (a tombstone, not a
 * dangling id), then the user row goes with its sessions, sign-in accounts, memberships and tokens.
 * Audit entries are append-only: they keep the actor id and present it as "deleted user".
 * If the user became a workspace owner meanwhile, the deletion is called off (logged).
 */
export async function purgeAccount(userId: string): Promise<"deleted" | "not_due" | "none" | "owner"> {
  const user = await db.user.findUnique({ where: { id: userId }, select: { deletionScheduledFor: true } });
  if (!user?.deletionScheduledFor) return "none";
  if (user.deletionScheduledFor.getTime() > Date.now()) return "not_due";
  if ((await ownedLiveWorkspaces(userId)).length > 0) {
    await db.user.update({ where: { id: userId }, data: { deletionRequestedAt: null, deletionScheduledFor: null } });
    logger.warn("account deletion called off: the user owns a workspace", { userId });
    return "owner";
  }
  await db.$transaction(async (tx) => {
    for (const [table, column] of AUTHOR_COLUMNS) {
      // Constants, not input: the table and column names come from AUTHOR_COLUMNS.
      await tx.$executeRawUnsafe(`UPDATE "${table}" SET "${column}" = NULL WHERE "${column}" = $1`, userId);
    }
    await tx.user.delete({ where: { id: userId } });
    // No workspace: it names the deleted account so audit views can show "deleted user" (lib/audit/tombstones.ts).
    await recordAudit({ actor: { type: "system", label: "account deletion" }, action: "account.deleted", target: { type: "user", id: userId } }, tx);
  });
  return "deleted";
}

export async function dueAccountIds(): Promise<string[]> {
  const rows = await db.user.findMany({ where: { deletionScheduledFor: { lte: new Date() } }, select: { id: true }, take: 100 });
  return rows.map((r) => r.id);
}
