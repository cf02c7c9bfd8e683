import { withPublic, json } from "@/lib/api/with-auth";
import { parseJson } from "@/lib/api/body";
import { emailOnlyBody } from "@/lib/schemas/auth";
import { resendVerification, RESEND_ACCEPTED } from "@/lib/auth/resend-verification";

// POST /v1/auth/resend-verification — mail a new verification link (same answer for any email)
export const POST = withPublic(async ({ req, meta, headers }) => {
  const { email } = await parseJson(req, emailOnlyBody);
  Object.assign(headers, (await resendVerification(email, meta)).headers);
  return json({ ok: true, message: RESEND_ACCEPTED }, 202);
});
