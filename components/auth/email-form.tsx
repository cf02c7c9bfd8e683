"use client";
import { useActionState, useState } from "react";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { emailOnlyBody } from "@/lib/schemas/auth";
import type { AuthFormState } from "@/lib/auth/form-state";
import { checkForm, type FieldErrors } from "./client-validation";
import { FormMessage } from "./form-message";
import { SubmitButton } from "./submit-button";

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
  const [state, action] = useActionState<AuthFormState, FormData>(serverAction, {});
  const [local, setLocal] = useState<FieldErrors | null>(null);
  const [email, setEmail] = useState(() => state.email ?? defaultEmail);
  const errors = local ?? state.fieldErrors ?? {};
  return (
    <form
      action={action}
      noValidate
      className="grid gap-4"
      onSubmit={(e) => {
        const found = checkForm(emailOnlyBody, e.currentTarget, ["email"]);
        setLocal(found);
        if (found) e.preventDefault();
      }}
    >
      <FormMessage error={state.error} notice={state.notice} />
      <Field id="email" label="Email" error={errors.email}>
        <Input name="email" type="email" autoComplete="email" autoFocus required value={email} onChange={(e) => setEmail(e.target.value)} placeholder="you@company.com" />
      </Field>
      <SubmitButton pendingLabel={pendingLabel}>{submitLabel}</SubmitButton>
    </form>
  );
}
