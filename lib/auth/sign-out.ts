import { db } from "@/lib/db/client";
import { recordAudit } from "@/lib/audit/record";
import type { RequestMeta } from "@/lib/core/scope";
import { endSession } from "./session";

/** Ends one console session: its cookie stops working on the very next request. */
export async function signOutSession(session: { userId: string; sessionId: string }, meta: RequestMeta): Promise<void> {
  await endSession(session.sessionId);
  const user = await db.user.findUnique({ where: { id: session.userId }, select: { email: true } });
  await recordAudit({ actor: { type: "user", userId: session.userId, label: user?.email ?? null }, action: "auth.sign_out", target: { type: "user", id: session.userId }, request: meta });
}
