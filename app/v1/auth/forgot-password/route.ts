import { withPublic, json } from "@/lib/api/with-auth";
import { parseJson } from "@/lib/api/body";
import { emailOnlyBody } from "@/lib/schemas/auth";
import { requestPasswordReset, FORGOT_ACCEPTED } from "@/lib/auth/forgot-password";

// POST /v1/auth/forgot-password — mail a single-use password reset link (same answer for any email)
export const POST = withPublic(async ({ req, meta, headers }) => {
  const { email } = await parseJson(req, emailOnlyBody);
  Object.assign(headers, (await requestPasswordReset(email, meta)).headers);
  return json({ ok: true, message: FORGOT_ACCEPTED }, 202);
});
