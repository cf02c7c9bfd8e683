import { withPublic, json } from "@/lib/api/with-auth";
import { parseJson } from "@/lib/api/body";
import { checkSameOrigin } from "@/lib/api/same-origin";
import { signInBody } from "@/lib/schemas/auth";
import { authenticatePassword } from "@/lib/auth/sign-in";
import { startSession } from "@/lib/auth/session-cookie";
import { toAuthUserResponse } from "@/lib/auth/user-response";

// POST /v1/auth/signin — sign in with email and password; sets the session cookie
export const POST = withPublic(async ({ req, meta, headers }) => {
  checkSameOrigin(req); // no login CSRF: another site cannot sign a browser into its account
  const body = await parseJson(req, signInBody);
  const { user, headers: limits } = await authenticatePassword(body, meta);
  Object.assign(headers, limits);
  const { setCookie } = await startSession(user, "password", meta);
  return json({ user: toAuthUserResponse({ ...user, emailVerified: new Date() }) }, 200, { "Set-Cookie": setCookie });
});
