import { withPublic } from "@/lib/api/with-auth";
import { parseJson } from "@/lib/api/body";
import { resetPasswordBody } from "@/lib/schemas/auth";
import { resetPassword } from "@/lib/auth/reset-password";

// POST /v1/auth/reset-password — set a new password from a reset link; ends every session
export const POST = withPublic(async ({ req, meta, headers }) => {
  const body = await parseJson(req, resetPasswordBody);
  Object.assign(headers, (await resetPassword(body, meta)).headers);
  return { ok: true };
});
