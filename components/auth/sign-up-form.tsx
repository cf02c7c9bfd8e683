"use client";
import { useActionState, useState } from "react";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { signUpAction } from "@/app/auth/actions";
import { PASSWORD_MAX, PASSWORD_MIN, signUpBody } from "@/lib/schemas/auth";
import type { AuthFormState } from "@/lib/auth/form-state";
import { checkForm, type FieldErrors } from "./client-validation";
import { FormMessage } from "./form-message";
import { PasswordInput } from "./password-input";
import { SubmitButton } from "./submit-button";

export function SignUpForm() {
  const [state, action] = useActionState<AuthFormState, FormData>(signUpAction, {});
  const [local, setLocal] = useState<FieldErrors | null>(null);
  const [name, setName] = useState("");
  const [email, setEmail] = useState(() => state.email ?? "");
  const errors = local ?? state.fieldErrors ?? {};
  // No maxLength on the input: a browser would silently cut a pasted long password.
  const hint = `${PASSWORD_MIN}–${PASSWORD_MAX} characters. A few unrelated words make a strong, memorable password.`;

  return (
    <form
      action={action}
      noValidate
      className="grid gap-4"
      onSubmit={(e) => {
        const found = checkForm(signUpBody, e.currentTarget, ["name", "email", "password"]);
        setLocal(found);
        if (found) e.preventDefault();
      }}
    >
      <FormMessage error={state.error} />
      <Field id="name" label={<>Name <span className="font-normal text-muted-foreground">(optional)</span></>} error={errors.name}>
        <Input name="name" autoComplete="name" value={name} onChange={(e) => setName(e.target.value)} placeholder="Ada Lovelace" />
      </Field>
      <Field id="email" label="Work email" error={errors.email}>
        <Input name="email" type="email" autoComplete="email" required value={email} onChange={(e) => setEmail(e.target.value)} placeholder="you@company.com" />
      </Field>
      <div className="grid gap-1.5">
        <Label htmlFor="password">Password</Label>
        <PasswordInput
          id="password"
          name="password"
          autoComplete="new-password"
          required
          aria-invalid={errors.password ? true : undefined}
          aria-describedby={errors.password ? "password-error" : "password-hint"}
        />
        {errors.password ? (
          <p id="password-error" className="text-xs text-destructive">
            {errors.password}
          </p>
        ) : (
          <p id="password-hint" className="text-xs text-muted-foreground">
            {hint}
          </p>
        )}
      </div>
      <SubmitButton pendingLabel="Creating account…">Create account</SubmitButton>
    </form>
  );
}
