import { db } from "@/lib/db/client";
import { ApiError, forbidden } from "@/lib/core/errors";
import type { Principal } from "@/lib/access/principal";
import type { AuditActor, RequestMeta } from "@/lib/core/scope";
import { recordAudit } from "@/lib/audit/record";
import { sendMail } from "@/lib/mail/send";
import { logger } from "@/lib/core/logger";
import { deletionGraceSeconds } from "../config";
import { accountDeletionScheduledMail } from "../mails";
import { queueAccountDeletion } from "../queue";
import type { AccountDeletionDto } from "@/lib/schemas/me";
import { ownedLiveWorkspaces } from "./sole-ownership";

type UserContext = { principal: Principal; actor: AuditActor; meta: RequestMeta };


export function presentAccountDeletion(u: { deletionRequestedAt: Date | null; deletionScheduledFor: Date | null }): AccountDeletionDto {
  if (!u.deletionScheduledFor) return { status: "none", requestedAt: null, scheduledFor: null, secondsLeft: 0 };
  return {
    status: "scheduled",
    requestedAt: u.deletionRequestedAt?.toISOString() ?? null,
    scheduledFor: u.deletionScheduledFor.toISOString(),
    secondsLeft: Math.max(0, Math.ceil((u.deletionScheduledFor.getTime() - Date.now()) / 1000)),
  };
}

/**
 * DELETE /v1/me: schedules the account's deletion after the grace window. Refused (409) while
 * the user owns a workspace (transfer it or delete it first). The user's personal tokens are
 * revoked at once; sessions stay so they can cancel. Console sessions only.
 */
export async function requestAccountDeletion(ctx: UserContext): Promise<AccountDeletionDto> {
  if (ctx.principal.type === "token") throw forbidden("API tokens cannot delete the account; sign in to the console", { attempted: "account.delete" });
  const userId = ctx.principal.userId;
  const result = await db.$transaction(async (tx) => {
    const user = await tx.user.findUniqueOrThrow({ where: { id: userId }, select: { email: true, deletionRequestedAt: true, deletionScheduledFor: true } });
    if (user.deletionScheduledFor) return { user, created: false };
    const owned = await ownedLiveWorkspaces(userId, tx);
    if (owned.length > 0) {
      throw new ApiError("conflict", `You are the owner of ${owned.map((w) => `"${w.name}" (${w.slug})`).join(", ")}: transfer ownership to another member or delete the workspace first`);
    }
    const now = new Date();
    const scheduledFor = new Date(now.getTime() + deletionGraceSeconds() * 1000);
    const updated = await tx.user.update({ where: { id: userId }, data: { deletionRequestedAt: now, deletionScheduledFor: scheduledFor }, select: { email: true, deletionRequestedAt: true, deletionScheduledFor: true } });
    const revoked = await tx.apiToken.updateMany({ where: { userId, kind: "personal", revokedAt: null }, data: { revokedAt: now } });
    await recordAudit({ actor: ctx.actor, action: "account.delete_requested", target: { type: "user", id: userId }, after: { scheduledFor: scheduledFor.toISOString(), tokensRevoked: revoked.count }, request: ctx.meta }, tx);
    return { user: updated, created: true };
  });
  if (result.created) {
    await queueAccountDeletion(userId, result.user.deletionScheduledFor!);
    await sendMail(accountDeletionScheduledMail(result.user.email, result.user.deletionScheduledFor!)).catch((err: unknown) => logger.error("account deletion mail not queued", { err }));
  }
  return presentAccountDeletion(result.user);
}

/** POST /v1/me/deletion/cancel: the account stays (revoked tokens stay revoked). 409 when none is pending. */
export async function cancelAccountDeletion(ctx: UserContext): Promise<AccountDeletionDto> {
  if (ctx.principal.type === "token") throw forbidden("API tokens cannot manage the account; sign in to the console", { attempted: "account.delete" });
  const userId = ctx.principal.userId;
  return db.$transaction(async (tx) => {
    const { count } = await tx.user.updateMany({ where: { id: userId, deletionScheduledFor: { not: null } }, data: { deletionRequestedAt: null, deletionScheduledFor: null } });
    if (count === 0) throw new ApiError("conflict", "Your account has no pending deletion");
    await recordAudit({ actor: ctx.actor, action: "account.delete_canceled", target: { type: "user", id: userId }, request: ctx.meta }, tx);
    return presentAccountDeletion({ deletionRequestedAt: null, deletionScheduledFor: null });
  });
}

export async function getAccountDeletion(ctx: UserContext): Promise<AccountDeletionDto> {
  const u = await db.user.findUniqueOrThrow({ where: { id: ctx.principal.userId }, select: { deletionRequestedAt: true, deletionScheduledFor: true } });
  return presentAccountDeletion(u);
}
