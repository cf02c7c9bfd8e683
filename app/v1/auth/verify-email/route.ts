import { withPublic } from "@/lib/api/with-auth";
import { parseJson } from "@/lib/api/body";
import { verifyEmailBody } from "@/lib/schemas/auth";
import { verifyEmail } from "@/lib/auth/verify-email";

// POST /v1/auth/verify-email — confirm an address with the token from the verification link
export const POST = withPublic(async ({ req, meta, headers }) => {
  const { token } = await parseJson(req, verifyEmailBody);
  Object.assign(headers, (await verifyEmail(token, meta)).headers);
  return { ok: true };
});
