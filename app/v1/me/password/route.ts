import { withUser } from "@/lib/api/with-auth";
import { forbidden } from "@/lib/api/errors";
import { parseJson } from "@/lib/api/body";
import { changePasswordBody } from "@/lib/schemas/auth";
import { changePassword } from "@/lib/auth/change-password";

// POST /v1/me/password — change the caller's password; ends their other sessions
export const POST = withUser(async (ctx) => {
  // A token must not be able to take over the account it acts for.
  if (ctx.principal.type !== "session") throw forbidden("Changing the password needs a console session, not an access token");
  const body = await parseJson(ctx.req, changePasswordBody);
  const { sessionsEnded } = await changePassword(ctx.principal.userId, ctx.principal.sessionId, body, ctx.meta);
  return { ok: true, otherSessionsEnded: sessionsEnded };
});
