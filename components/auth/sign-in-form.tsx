"use client";
import Link from "next/link";
import { useActionState, useState } from "react";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { signInAction } from "@/app/auth/actions";
import { signInBody } from "@/lib/schemas/auth";
import type { AuthFormState } from "@/lib/auth/form-state";
import { checkForm, type FieldErrors } from "./client-validation";
import { FormMessage } from "./form-message";
import { PasswordInput } from "./password-input";
import { ResendVerification } from "./resend-verification";
import { SubmitButton } from "./submit-button";

const INITIAL: AuthFormState = {};

export function SignInForm({ callbackUrl, notice, initialError }: { callbackUrl: string; notice?: string | null; initialError?: string | null }) {
  const [state, action] = useActionState<AuthFormState, FormData>(signInAction, INITIAL);
  const [local, setLocal] = useState<FieldErrors | null>(null);
  const [email, setEmail] = useState(() => state.email ?? "");
  const errors = local ?? state.fieldErrors ?? {};

  return (
    <div className="grid gap-4">
      {/* Until the form is submitted, show what brought the user here (an OAuth error, a reset). */}
      <FormMessage error={state.error ?? (state === INITIAL ? initialError : null)} notice={state === INITIAL ? notice : null} />
      {state.needsVerification && state.email && <ResendVerification email={state.email} />}
      <form
        action={action}
        noValidate
        className="grid gap-4"
        onSubmit={(e) => {
          const found = checkForm(signInBody, e.currentTarget, ["email", "password"]);
          setLocal(found);
          if (found) e.preventDefault();
        }}
      >
        <input type="hidden" name="callbackUrl" value={callbackUrl} />
        <Field id="email" label="Email" error={errors.email}>
          <Input name="email" type="email" autoComplete="email" autoFocus required value={email} onChange={(e) => setEmail(e.target.value)} placeholder="you@company.com" />
        </Field>
        <div className="grid gap-1.5">
          <div className="flex items-center justify-between">
            <label htmlFor="password" className="text-sm font-medium leading-none">
              Password
            </label>
            <Link href="/auth/forgot-password" className="text-xs text-muted-foreground underline-offset-4 hover:text-foreground hover:underline">
              Forgot password?
            </Link>
          </div>
          <PasswordInput
            id="password"
            name="password"
            autoComplete="current-password"
            required
            aria-invalid={errors.password ? true : undefined}
            aria-describedby={errors.password ? "password-error" : undefined}
          />
          {errors.password && (
            <p id="password-error" className="text-xs text-destructive">
              {errors.password}
            </p>
          )}
        </div>
        <SubmitButton pendingLabel="Signing in…">Sign in</SubmitButton>
      </form>
    </div>
  );
}
