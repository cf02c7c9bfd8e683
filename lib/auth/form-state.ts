import { ApiError } from "@/lib/core/errors";

/** What a server action tells its form: a message, per-field errors, or a notice. */
export type AuthFormState = {
  error?: string;
  fieldErrors?: Record<string, string>;
  notice?: string;
  /** The sign-in form offers "resend the link" when the password was right but the email unverified. */
  needsVerification?: boolean;
  email?: string;
};

function retryPhrase(seconds: number): string {
  if (seconds < 60) return `${seconds} second${seconds === 1 ? "" : "s"}`;
  const minutes = Math.ceil(seconds / 60);
  return `${minutes} minute${minutes === 1 ? "" : "s"}`;
}

export function rateLimitedMessage(retryAfterSeconds: number | null | undefined, what = "attempts"): string {
  return retryAfterSeconds ? `Too many ${what}. Try again in ${retryPhrase(retryAfterSeconds)}.` : `Too many ${what}. Try again later.`;
}

/** Maps the lib's ApiErrors to form state; anything else is a real failure and is rethrown. */
export function formStateFromError(err: unknown, what?: string): AuthFormState {
  if (!(err instanceof ApiError)) throw err;
  if (err.code === "rate_limited") return { error: rateLimitedMessage(Number(err.headers?.["Retry-After"]) || null, what) };
  if (err.code === "invalid_request" && err.details?.length) {
    const fieldErrors: Record<string, string> = {};
    for (const d of err.details) fieldErrors[d.path.split(".")[0]] ??= d.message;
    return { fieldErrors, error: err.details.some((d) => d.path === "token") ? err.message : undefined };
  }
  return { error: err.message };
}

export function zodFieldErrors(issues: ReadonlyArray<{ path: ReadonlyArray<PropertyKey>; message: string }>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const i of issues) out[String(i.path[0] ?? "form")] ??= i.message;
  return out;
}
