"use client";
import { useActionState, useState } from "react";
import { resetPasswordAction } from "@/app/auth/actions";
import { PASSWORD_MAX, PASSWORD_MIN, newPasswordField } from "@/lib/schemas/auth";
import type { AuthFormState } from "@/lib/auth/form-state";
import type { FieldErrors } from "./client-validation";
import { FormMessage } from "./form-message";
import { PasswordField } from "./password-input";
import { SubmitButton } from "./submit-button";


export function ResetPasswordForm({ token }: { token: string }) {
  const [state, action] = useActionState<AuthFormState, FormData>(resetPasswordAction, {});
  const [local, setLocal] = useState<FieldErrors | null>(null);
  const errors = local ?? state.fieldErrors ?? {};
  return (
    <form
      action={action}
      noValidate
      className="grid gap-4"
      onSubmit={(e) => {
        const fd = new FormData(e.currentTarget);
        const password = String(fd.get("password") ?? "");
        const found: FieldErrors = {};
        const shape = newPasswordField.safeParse(password);
        if (!shape.success) found.password = shape.error.issues[0]?.message;
        else if (password !== fd.get("confirmPassword")) found.confirmPassword = "The passwords do not match";
        const any = Object.keys(found).length > 0;
        setLocal(any ? found : null);
        if (any) e.preventDefault();
      }}
    >
      <FormMessage error={state.error} />
      <input type="hidden" name="token" value={token} />
      <PasswordField id="password" label="New password" error={errors.password} hint={`${PASSWORD_MIN}–${PASSWORD_MAX} characters.`} autoFocus />
      <PasswordField id="confirmPassword" label="Confirm new password" error={errors.confirmPassword} />
      <SubmitButton pendingLabel="Saving…">Set new password</SubmitButton>
    </form>
  );
}
