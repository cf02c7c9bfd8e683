import { ApiError } from "@/lib/core/errors";
import type { RequestMeta } from "@/lib/core/scope";
import { googleConfig } from "./google-config";
import { verifyGoogleIdToken } from "./google-id-token";
import { findOrCreateGoogleUser } from "./google-user";
import { onEmailVerified } from "./on-email-verified";
import { authLimits, consumeAuthLimits, ipKey, withLimitHeaders } from "./rate-limits";
import { startSession } from "./session-cookie";

/** Google One Tap: a verified ID token signs the user in (creating the account on first use). */
export async function signInWithGoogleOneTap(credential: string, meta: RequestMeta) {
  const cfg = googleConfig();
  if (!cfg) throw new ApiError("not_found", "Google sign-in is not configured");
  const headers = await consumeAuthLimits([[authLimits.oneTapIp(), ipKey(meta)]]);
  const identity = await withLimitHeaders(headers, () => verifyGoogleIdToken(credential, cfg));
  const user = await findOrCreateGoogleUser(identity);
  await onEmailVerified(user.id);
  const { setCookie } = await startSession(user, "google_one_tap", meta);
  return { user, setCookie, headers };
}
