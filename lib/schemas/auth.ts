import { z } from "zod";

// Account flows: request bodies for the /v1/auth/* endpoints and the console forms. These
// run in the browser too, so they hold only the rules a client can check; the common-password
// check needs a 30k-word dictionary and lives on the server (lib/auth/password-policy.ts).

export const PASSWORD_MIN = 8;
export const PASSWORD_MAX = 128;

const emailField = z
  .string({ error: "Enter your email address" })
  .trim()
  .toLowerCase()
  .max(254, "Email addresses are at most 254 characters")
  .pipe(z.email({ error: "Enter a valid email address" }));

/** A new password. Never trimmed or altered: every character counts. */
export const newPasswordField = z
  .string({ error: "Enter a password" })
  .min(PASSWORD_MIN, `Use at least ${PASSWORD_MIN} characters`)
  .max(PASSWORD_MAX, `Use at most ${PASSWORD_MAX} characters`);

/** An existing password: only bounded, so old or odd passwords still reach the hash check. */
const currentPasswordField = z.string({ error: "Enter your password" }).min(1, "Enter your password").max(1024, "That password is too long");

const tokenField = z.string({ error: "The link is incomplete" }).trim().min(16, "The link is incomplete").max(256, "The link is invalid");

export const signUpBody = z.strictObject({
  email: emailField,
  password: newPasswordField,
  name: z.string().trim().max(100, "Use at most 100 characters").optional(),
});
export type SignUpInput = z.infer<typeof signUpBody>;

export const signInBody = z.strictObject({
  email: emailField,
  password: currentPasswordField,
});
export type SignInInput = z.infer<typeof signInBody>;

export const emailOnlyBody = z.strictObject({ email: emailField });

export const verifyEmailBody = z.strictObject({ token: tokenField });

export const resetPasswordBody = z.strictObject({ token: tokenField, password: newPasswordField });
export type ResetPasswordInput = z.infer<typeof resetPasswordBody>;

export const changePasswordBody = z
  .strictObject({ currentPassword: currentPasswordField, newPassword: newPasswordField })
  .refine((b) => b.currentPassword !== b.newPassword, { message: "Choose a password different from the current one", path: ["newPassword"] });
export type ChangePasswordInput = z.infer<typeof changePasswordBody>;

export const googleOneTapBody = z.strictObject({
  credential: z.string({ error: "credential is required" }).min(1).max(8192),
});

// ─── Responses ───

export const authUserResponse = z.object({
  id: z.string(),
  email: z.string(),
  name: z.string().nullable(),
  image: z.string().nullable(),
  emailVerified: z.boolean(),
});
export type AuthUserResponse = z.infer<typeof authUserResponse>;

/** Sign-up, resend and forgot-password answer this whatever the email: nothing to enumerate. */
export const acceptedResponse = z.object({ ok: z.literal(true), message: z.string() });

export const okResponse = z.object({ ok: z.literal(true) });
