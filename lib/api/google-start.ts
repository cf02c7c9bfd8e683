import { Auth, setEnvDefaults, skipCSRFCheck } from "@auth/core";
import { ApiError } from "@/lib/core/errors";
import { safeCallbackUrl } from "@/lib/auth/callback-url";
import { googleConfig } from "@/lib/auth/google-config";
import { AUTH_BASE_PATH, authConfig } from "@/lib/auth/next-auth";

/**
 * Starts "Sign in with Google": Auth.js answers with the redirect to Google's consent page
 * and sets its state/PKCE/nonce cookies. A plain link can start the flow (no form, no JS);
 * the CSRF token Auth.js requires for POST sign-ins protects email-link sign-in, which we
 * do not use, and a forged start can only sign the victim into their own Google account.
 */
export async function startGoogleSignIn(req: Request): Promise<Response> {
  if (!googleConfig()) throw new ApiError("not_found", "Google sign-in is not configured");
  const url = new URL(req.url);
  const callbackUrl = safeCallbackUrl(url.searchParams.get("callbackUrl"));
  const headers = new Headers(req.headers);
  headers.set("content-type", "application/x-www-form-urlencoded");
  headers.delete("content-length");
  const signin = new Request(new URL(`${AUTH_BASE_PATH}/signin/google`, url.origin), {
    method: "POST",
    headers,
    body: new URLSearchParams({ callbackUrl }),
  });
  const config = authConfig();
  setEnvDefaults(process.env, config, true);
  const res = await Auth(signin, { ...config, skipCSRFCheck });
  // Copy: Auth.js error redirects come from Response.redirect, whose headers are immutable.
  return new Response(res.body, { status: res.status, headers: new Headers(res.headers) });
}
