import { dictionary } from "@zxcvbn-ts/language-common";
import { ApiError } from "@/lib/core/errors";
import { newPasswordField } from "@/lib/schemas/auth";

// zxcvbn's list of the most common leaked passwords (~30k), compared case-insensitively:
// "Password1" is no better than "password1".
let common: Set<string> | undefined;
function commonPasswords(): Set<string> {
  common ??= new Set(dictionary["passwords-common"].map((p) => p.toLowerCase()));
  return common;
}

/** Why a new password is refused, or null when it is acceptable. */
export function passwordProblem(password: string, email?: string | null): string | null {
  const shape = newPasswordField.safeParse(password);
  if (!shape.success) return shape.error.issues[0]?.message ?? "Choose another password";
  const lower = password.toLowerCase();
  if (commonPasswords().has(lower)) return "This password is too common; choose one that is harder to guess";
  if (email) {
    const e = email.trim().toLowerCase();
    if (lower === e || lower === e.split("@")[0]) return "Your password must not be your email address";
  }
  return null;
}

/** Throws a 422 (field `field`) when the password is refused. */
export function assertAcceptablePassword(password: string, email: string | null | undefined, field = "password"): void {
  const problem = passwordProblem(password, email);
  if (problem) throw new ApiError("invalid_request", problem, { details: [{ path: field, message: problem }] });
}
