import { withPublic, json } from "@/lib/api/with-auth";
import { parseJson } from "@/lib/api/body";
import { checkSameOrigin } from "@/lib/api/same-origin";
import { googleOneTapBody } from "@/lib/schemas/auth";
import { signInWithGoogleOneTap } from "@/lib/auth/google-one-tap";
import { toAuthUserResponse } from "@/lib/auth/user-response";

// POST /v1/auth/oauth/google/one-tap — sign in with a Google One Tap ID token; sets the session cookie
export const POST = withPublic(async ({ req, meta, headers }) => {
  checkSameOrigin(req);
  const { credential } = await parseJson(req, googleOneTapBody);
  const { user, setCookie, headers: limits } = await signInWithGoogleOneTap(credential, meta);
  Object.assign(headers, limits);
  return json({ user: toAuthUserResponse(user) }, 200, { "Set-Cookie": setCookie });
});
