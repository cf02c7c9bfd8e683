import { ApiError } from "@/lib/core/errors";
import { consume, limit, reset, type LimitSpec } from "@/lib/rate-limit/limiter";
import { consumeAll } from "@/lib/rate-limit/consume-all";
import type { RequestMeta } from "@/lib/core/scope";

// Brute-force and mail-bombing protection for the account flows. Per-email buckets stop
// flooding one inbox from many IPs; per-IP buckets stop one client from sweeping many
// accounts. Sign-in never locks an account: a stranger who knows an email would otherwise lock
// its owner out. It answers 429 per IP and per (account, IP); past the account-wide threshold
// it only slows every attempt down (see sign-in.ts). Every limit is overridable:
// AR_RL_<NAME>_POINTS/_SECONDS.
export const authLimits = {
  signInEmailIp: () => limit("auth_signin_email_ip", 10, 15 * 60),
  /** Account-wide failures before each further attempt is delayed (never refused). */
  signInEmail: () => limit("auth_signin_email", 10, 15 * 60),
  signInIp: () => limit("auth_signin_ip", 50, 15 * 60),
  signUpIp: () => limit("auth_signup_ip", 20, 60 * 60),
  resendEmail: () => limit("auth_resend_email", 5, 60 * 60),
  resendIp: () => limit("auth_resend_ip", 20, 60 * 60),
  forgotEmail: () => limit("auth_forgot_email", 5, 60 * 60),
  forgotIp: () => limit("auth_forgot_ip", 20, 60 * 60),
  resetIp: () => limit("auth_reset_ip", 20, 60 * 60),
  // Generous: a whole team behind one NAT confirms its addresses on the same day.
  verifyIp: () => limit("auth_verify_ip", 100, 60 * 60),
  changePasswordUser: () => limit("auth_change_password", 10, 15 * 60),
  oneTapIp: () => limit("auth_one_tap_ip", 30, 15 * 60),
};

export const ipKey = (meta: Pick<RequestMeta, "ip">) => `ip:${meta.ip ?? "unknown"}`;
export const emailKey = (email: string) => `email:${email.toLowerCase()}`;
export const emailIpKey = (email: string, meta: Pick<RequestMeta, "ip">) => `${emailKey(email)}|${ipKey(meta)}`;

/** Takes one point from each bucket; 429 from the first exhausted one, else the tightest bucket's headers. */
export const consumeAuthLimits = (buckets: Array<[LimitSpec, string]>): Promise<Record<string, string>> => consumeAll(buckets);

export { reset as resetLimit };

/** The delay of a sign-in attempt once its account is past the account-wide threshold. */
export const SIGN_IN_SLOWDOWN_MS = 1_000;

/**
 * Counts a sign-in attempt against the account; past the threshold the attempt waits a bounded
 * delay instead of being refused, so the owner (from an IP with budget left) still gets in.
 */
export async function slowDownAccountAttempt(email: string): Promise<void> {
  try {
    await consume(authLimits.signInEmail(), emailKey(email));
  } catch (err) {
    if (!(err instanceof ApiError && err.code === "rate_limited")) throw err;
    await new Promise((r) => setTimeout(r, SIGN_IN_SLOWDOWN_MS));
  }
}

/**
 * Runs the rest of a limited operation; an ApiError it throws (401, 422…) leaves with the
 * bucket's X-RateLimit-* headers too, so clients see their budget on every answer.
 */
export async function withLimitHeaders<T>(headers: Record<string, string>, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (err instanceof ApiError) throw new ApiError(err.code, err.message, { details: err.details, headers: { ...headers, ...err.headers } });
    throw err;
  }
}
