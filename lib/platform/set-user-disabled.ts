import { db } from "@/lib/db/client";
import { notFound } from "@/lib/core/errors";
import type { RequestMeta } from "@/lib/core/scope";
import type { PlatformUserResponse } from "@/lib/schemas/platform";
import { platformActor, type PlatformPrincipal } from "./authenticate-platform";
import { recordPlatformAudit } from "./record-platform-audit";
import { platformUserSelect, toPlatformUser } from "./users";

type Change = { disabled: true; reason: string } | { disabled: false };

/**
 * Disables or enables an account. Disabling ends every console session at once (their rows are
 * deleted) and, while disabledAt is set, sign-in is refused and the user's tokens answer 401
 * (lib/access/load-access.ts, lib/tokens/authenticate.ts); enabling lets the same tokens work
 * again (they were paused, not revoked). Repeating either is harmless and still recorded.
 */
export async function setUserDisabled(caller: { platform: PlatformPrincipal; meta: RequestMeta }, userId: string, change: Change): Promise<PlatformUserResponse> {
  return db.$transaction(async (tx) => {
    // Locked, so two operators acting at once write consistent before/after entries.
    const locked = await tx.$queryRaw<{ id: string }[]>`SELECT id FROM "User" WHERE id = ${userId} FOR UPDATE`;
    if (locked.length === 0) throw notFound("User");
    const before = toPlatformUser(await tx.user.findUniqueOrThrow({ where: { id: userId }, select: platformUserSelect }));
    const ended = change.disabled ? (await tx.session.deleteMany({ where: { userId } })).count : 0;
    const data = change.disabled ? { disabledAt: before.disabledAt ? new Date(before.disabledAt) : new Date(), disabledReason: change.reason } : { disabledAt: null, disabledReason: null };
    const after = toPlatformUser(await tx.user.update({ where: { id: userId }, data, select: platformUserSelect }));
    await recordPlatformAudit(
      {
        actor: platformActor(caller.platform),
        action: change.disabled ? "platform.user.disable" : "platform.user.enable",
        target: { type: "user", id: userId },
        before: { status: before.status, disabledAt: before.disabledAt, disabledReason: before.disabledReason },
        after: { status: after.status, disabledAt: after.disabledAt, disabledReason: after.disabledReason },
        metadata: { sessionsEnded: ended, changed: before.status !== after.status },
        request: caller.meta,
      },
      tx,
    );
    return after;
  });
}
