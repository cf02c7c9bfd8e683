"use client";
import { emailOnlyBody } from "@/lib/schemas/auth";
import type { AuthFormState } from "@/lib/auth/form-state";
import { checkForm } from "./client-validation";
import { EmailField } from "./email-field";
import { FormMessage } from "./form-message";
import { SubmitButton } from "./submit-button";
import { useAuthForm } from "./use-auth-form";

/** One email field and a button: forgot-password and resend-verification. */
export function EmailForm({
  action: serverAction,
  submitLabel,
  pendingLabel,
  defaultEmail = "",
}: {
  action: (prev: AuthFormState, fd: FormData) => Promise<AuthFormState>;
  submitLabel: string;
  pendingLabel: string;
  defaultEmail?: string;
}) {
  const { state, action, errors, checkBeforeSubmit } = useAuthForm(serverAction);
  return (
    <form action={action} noValidate className="grid gap-4" onSubmit={checkBeforeSubmit((form) => checkForm(emailOnlyBody, form, ["email"]))}>
      <FormMessage error={state.error} notice={state.notice} />
      <EmailField error={errors.email} initial={state.email ?? defaultEmail} autoFocus />
      <SubmitButton pendingLabel={pendingLabel}>{submitLabel}</SubmitButton>
    </form>
  );
}
