import { db } from "@/lib/db/client";
import { ApiError } from "@/lib/core/errors";
import { recordAudit } from "@/lib/audit/record";
import type { RequestMeta } from "@/lib/core/scope";
import type { SignInInput } from "@/lib/schemas/auth";
import { burnPasswordCheck, verifyPassword } from "./password-hash";
import { authLimits, consumeAuthLimits, emailIpKey, emailKey, ipKey, resetLimit, slowDownAccountAttempt } from "./rate-limits";

export const INVALID_CREDENTIALS = "Email or password is incorrect" as const;
export const EMAIL_NOT_VERIFIED = "Verify your email address before signing in: follow the link we sent you, or ask for a new one." as const;

export const ACCOUNT_DISABLED = "This account is disabled. Contact support if you think this is a mistake." as const;

export type SignInError = "invalid_credentials" | "email_not_verified" | "account_disabled";

const MESSAGES: Record<SignInError, string> = { invalid_credentials: INVALID_CREDENTIALS, email_not_verified: EMAIL_NOT_VERIFIED, account_disabled: ACCOUNT_DISABLED };

/** 401 carrying which of the two generic reasons applies (never "no such account"). */
export class SignInRefused extends ApiError {
  readonly reason: SignInError;
  constructor(reason: SignInError, headers?: Record<string, string>) {
    super("unauthorized", MESSAGES[reason], { headers });
    this.reason = reason;
  }
}

type AuthenticatedUser = { id: string; email: string; name: string | null; image: string | null };

/**
 * Checks an email + password under the brute-force limits: 429 per IP and per (account, IP),
 * and past the account-wide threshold a delay rather than a lockout, so guessing someone's
 * email and password from elsewhere cannot lock them out. Unknown emails cost one argon2
 * verification too, and answer exactly like a wrong password. "Verify your email" is said
 * only to someone who knew the password.
 */
export async function authenticatePassword(input: SignInInput, meta: RequestMeta): Promise<{ user: AuthenticatedUser; headers: Record<string, string> }> {
  const emailIpBucket = authLimits.signInEmailIp();
  const headers = await consumeAuthLimits([
    [authLimits.signInIp(), ipKey(meta)],
    [emailIpBucket, emailIpKey(input.email, meta)],
  ]);
  await slowDownAccountAttempt(input.email);
  const user = await db.user.findUnique({
    where: { email: input.email },
    select: { id: true, email: true, name: true, image: true, passwordHash: true, emailVerified: true, disabledAt: true },
  });

  const ok = user?.passwordHash ? await verifyPassword(user.passwordHash, input.password) : (await burnPasswordCheck(input.password), false);
  if (!user || !ok) {
    await recordAudit({
      actor: { type: "anonymous", label: input.email },
      action: "auth.sign_in_failed",
      target: user ? { type: "user", id: user.id } : null,
      metadata: { method: "password", reason: !user ? "unknown_email" : user.passwordHash ? "wrong_password" : "no_password" },
      request: meta,
    });
    throw new SignInRefused("invalid_credentials", headers);
  }
  // Said only to someone who knew the password, like "verify your email".
  if (user.disabledAt) {
    await recordAudit({ actor: { type: "user", userId: user.id, label: user.email }, action: "auth.sign_in_failed", target: { type: "user", id: user.id }, metadata: { method: "password", reason: "account_disabled" }, request: meta });
    throw new SignInRefused("account_disabled", headers);
  }
  if (!user.emailVerified) {
    await recordAudit({ actor: { type: "user", userId: user.id, label: user.email }, action: "auth.sign_in_failed", target: { type: "user", id: user.id }, metadata: { method: "password", reason: "email_not_verified" }, request: meta });
    throw new SignInRefused("email_not_verified", headers);
  }
  // A successful sign-in clears the account's failure counts (the per-IP count stays).
  await resetLimit(emailIpBucket, emailIpKey(input.email, meta));
  await resetLimit(authLimits.signInEmail(), emailKey(input.email));
  return { user: { id: user.id, email: user.email, name: user.name, image: user.image }, headers };
}

