"use client";
import { resetPasswordAction } from "@/app/auth/actions";
import { PASSWORD_MAX, PASSWORD_MIN, newPasswordField } from "@/lib/schemas/auth";
import type { FieldErrors } from "./client-validation";
import { FormMessage } from "./form-message";
import { PasswordField } from "./password-input";
import { SubmitButton } from "./submit-button";
import { useAuthForm } from "./use-auth-form";

function checkNewPassword(form: HTMLFormElement): FieldErrors | null {
  const fd = new FormData(form);
  const password = String(fd.get("password") ?? "");
  const found: FieldErrors = {};
  const shape = newPasswordField.safeParse(password);
  if (!shape.success) found.password = shape.error.issues[0]?.message;
  else if (password !== fd.get("confirmPassword")) found.confirmPassword = "The passwords do not match";
  return Object.keys(found).length > 0 ? found : null;
}

export function ResetPasswordForm({ token }: { token: string }) {
  const { state, action, errors, checkBeforeSubmit } = useAuthForm(resetPasswordAction);
  return (
    <form action={action} noValidate className="grid gap-4" onSubmit={checkBeforeSubmit(checkNewPassword)}>
      <FormMessage error={state.error} />
      <input type="hidden" name="token" value={token} />
      <PasswordField id="password" label="New password" error={errors.password} hint={`${PASSWORD_MIN}–${PASSWORD_MAX} characters.`} autoFocus />
      <PasswordField id="confirmPassword" label="Confirm new password" error={errors.confirmPassword} />
      <SubmitButton pendingLabel="Saving…">Set new password</SubmitButton>
    </form>
  );
}
