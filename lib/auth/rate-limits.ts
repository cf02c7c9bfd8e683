import { ApiError } from "@/lib/api/errors";
import { consume, limit, reset, type LimitSpec } from "@/lib/rate-limit/limiter";
import type { RequestMeta } from "@/lib/http/request-context";

// Brute-force and mail-bombing protection for the account flows. Per-email buckets stop
// guessing one account's password (or flooding one inbox) from many IPs; per-IP buckets stop
// one client from sweeping many accounts. Every limit is overridable: AR_RL_<NAME>_POINTS/_SECONDS.
export const authLimits = {
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

/**
 * Takes one point from each bucket in order; the first exhausted bucket answers 429. The
 * headers returned describe the tightest bucket (fewest points left), so a client watching
 * X-RateLimit-Remaining sees the limit that will stop it first.
 */
export async function consumeAuthLimits(buckets: Array<[LimitSpec, string]>): Promise<Record<string, string>> {
  let tightest: Record<string, string> = {};
  for (const [spec, key] of buckets) {
    const headers = await consume(spec, key);
    if (!tightest["X-RateLimit-Remaining"] || Number(headers["X-RateLimit-Remaining"]) < Number(tightest["X-RateLimit-Remaining"])) {
      tightest = headers;
    }
  }
  return tightest;
}

export { reset as resetLimit };

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
