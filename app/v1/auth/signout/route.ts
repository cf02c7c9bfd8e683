import { withPublic, json } from "@/lib/api/with-auth";
import { checkSameOrigin } from "@/lib/api/same-origin";
import { sessionFromRequest } from "@/lib/auth/session";
import { clearSessionSetCookie } from "@/lib/auth/session-cookie";
import { signOutSession } from "@/lib/auth/sign-out";

// POST /v1/auth/signout — end the current console session and clear its cookie (idempotent)
export const POST = withPublic(async ({ req, meta }) => {
  checkSameOrigin(req);
  const session = await sessionFromRequest(req);
  if (session) await signOutSession(session, meta);
  return json(null, 204, { "Set-Cookie": clearSessionSetCookie() });
});
