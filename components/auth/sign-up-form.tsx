"use client";
import { useState } from "react";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { signUpAction } from "@/app/auth/actions";
import { PASSWORD_MAX, PASSWORD_MIN, signUpBody } from "@/lib/schemas/auth";
import { checkForm } from "./client-validation";
import { EmailField } from "./email-field";
import { FormMessage } from "./form-message";
import { PasswordField } from "./password-input";
import { SubmitButton } from "./submit-button";
import { useAuthForm } from "./use-auth-form";

export function SignUpForm() {
  const { state, action, errors, checkBeforeSubmit } = useAuthForm(signUpAction);
  const [name, setName] = useState("");
  // No maxLength on the input: a browser would silently cut a pasted long password.
  const hint = `${PASSWORD_MIN}–${PASSWORD_MAX} characters. A few unrelated words make a strong, memorable password.`;

  return (
    <form action={action} noValidate className="grid gap-4" onSubmit={checkBeforeSubmit((form) => checkForm(signUpBody, form, ["name", "email", "password"]))}>
      <FormMessage error={state.error} />
      <Field id="name" label={<>Name <span className="font-normal text-muted-foreground">(optional)</span></>} error={errors.name}>
        <Input name="name" autoComplete="name" value={name} onChange={(e) => setName(e.target.value)} placeholder="Ada Lovelace" />
      </Field>
      <EmailField label="Work email" error={errors.email} initial={state.email ?? ""} />
      <PasswordField id="password" label="Password" error={errors.password} hint={hint} />
      <SubmitButton pendingLabel="Creating account…">Create account</SubmitButton>
    </form>
  );
}
