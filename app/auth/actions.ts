"use server";
import { redirect } from "next/navigation";
import { AuthError } from "next-auth";
import { signInBody, signUpBody, emailOnlyBody, resetPasswordBody } from "@/lib/schemas/auth";
import { signIn, PasswordSignInError } from "@/lib/auth/next-auth";
import { ACCOUNT_DISABLED, EMAIL_NOT_VERIFIED, INVALID_CREDENTIALS } from "@/lib/auth/sign-in";
import { signUp } from "@/lib/auth/sign-up";
import { resendVerification, RESEND_ACCEPTED } from "@/lib/auth/resend-verification";
import { requestPasswordReset } from "@/lib/auth/forgot-password";
import { resetPassword } from "@/lib/auth/reset-password";
import { safeCallbackUrl } from "@/lib/auth/callback-url";
import { currentRequestMeta } from "@/lib/auth/request-meta";
import { formStateFromError, rateLimitedMessage, zodFieldErrors, type AuthFormState } from "@/lib/auth/form-state";

// The console's account forms. Each parses with the same zod schema as the JSON endpoint
// and calls the same lib function; password sign-in goes through Auth.js Credentials.

const text = (fd: FormData, key: string) => {
  const v = fd.get(key);
  return typeof v === "string" ? v : undefined;
};

export async function signInAction(_prev: AuthFormState, fd: FormData): Promise<AuthFormState> {
  const parsed = signInBody.safeParse({ email: text(fd, "email"), password: text(fd, "password") });
  if (!parsed.success) return { fieldErrors: zodFieldErrors(parsed.error.issues), email: text(fd, "email") };
  const { email, password } = parsed.data;
  try {
    await signIn("credentials", { email, password, redirectTo: safeCallbackUrl(text(fd, "callbackUrl")) });
  } catch (err) {
    if (err instanceof PasswordSignInError) {
      if (err.reason === "rate_limited") return { error: rateLimitedMessage(err.retryAfterSeconds, "sign-in attempts"), email };
      if (err.reason === "email_not_verified") return { error: EMAIL_NOT_VERIFIED, needsVerification: true, email };
      if (err.reason === "account_disabled") return { error: ACCOUNT_DISABLED, email };
      return { error: INVALID_CREDENTIALS, email };
    }
    if (err instanceof AuthError) return { error: "Sign-in failed. Try again.", email };
    throw err; // the redirect after a successful sign-in
  }
  return {};
}

export async function signUpAction(_prev: AuthFormState, fd: FormData): Promise<AuthFormState> {
  const parsed = signUpBody.safeParse({ email: text(fd, "email"), password: text(fd, "password"), name: text(fd, "name") || undefined });
  if (!parsed.success) return { fieldErrors: zodFieldErrors(parsed.error.issues), email: text(fd, "email") };
  try {
    await signUp(parsed.data, await currentRequestMeta());
  } catch (err) {
    return { ...formStateFromError(err, "sign-ups from your network"), email: parsed.data.email };
  }
  redirect("/auth/check-email?reason=verify");
}

export async function resendVerificationAction(_prev: AuthFormState, fd: FormData): Promise<AuthFormState> {
  const parsed = emailOnlyBody.safeParse({ email: text(fd, "email") });
  if (!parsed.success) return { fieldErrors: zodFieldErrors(parsed.error.issues) };
  try {
    await resendVerification(parsed.data.email, await currentRequestMeta());
  } catch (err) {
    return formStateFromError(err, "requests for this address");
  }
  return { notice: RESEND_ACCEPTED, email: parsed.data.email };
}

export async function forgotPasswordAction(_prev: AuthFormState, fd: FormData): Promise<AuthFormState> {
  const parsed = emailOnlyBody.safeParse({ email: text(fd, "email") });
  if (!parsed.success) return { fieldErrors: zodFieldErrors(parsed.error.issues), email: text(fd, "email") };
  try {
    await requestPasswordReset(parsed.data.email, await currentRequestMeta());
  } catch (err) {
    return { ...formStateFromError(err, "reset requests"), email: parsed.data.email };
  }
  redirect("/auth/check-email?reason=reset");
}

export async function resetPasswordAction(_prev: AuthFormState, fd: FormData): Promise<AuthFormState> {
  const password = text(fd, "password");
  if (password !== text(fd, "confirmPassword")) return { fieldErrors: { confirmPassword: "The passwords do not match" } };
  const parsed = resetPasswordBody.safeParse({ token: text(fd, "token"), password });
  if (!parsed.success) return { fieldErrors: zodFieldErrors(parsed.error.issues) };
  try {
    await resetPassword(parsed.data, await currentRequestMeta());
  } catch (err) {
    return formStateFromError(err, "attempts");
  }
  redirect("/auth/sign-in?notice=password-reset");
}
