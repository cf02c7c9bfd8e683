import { withPublic, json } from "@/lib/api/with-auth";
import { parseJson } from "@/lib/api/body";
import { signUpBody } from "@/lib/schemas/auth";
import { signUp, SIGN_UP_ACCEPTED } from "@/lib/auth/sign-up";

// POST /v1/auth/signup — create an account and mail a verification link (same answer for any email)
export const POST = withPublic(async ({ req, meta, headers }) => {
  const body = await parseJson(req, signUpBody);
  Object.assign(headers, (await signUp(body, meta)).headers);
  return json({ ok: true, message: SIGN_UP_ACCEPTED }, 202);
});
