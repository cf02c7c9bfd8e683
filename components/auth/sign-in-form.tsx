"use client";
import Link from "next/link";
import { signInAction } from "@/app/auth/actions";
import { signInBody } from "@/lib/schemas/auth";
import type { AuthFormState } from "@/lib/auth/form-state";
import { checkForm } from "./client-validation";
import { EmailField } from "./email-field";
import { FormMessage } from "./form-message";
import { PasswordInput } from "./password-input";
import { ResendVerification } from "./resend-verification";
import { SubmitButton } from "./submit-button";
import { useAuthForm } from "./use-auth-form";

const INITIAL: AuthFormState = {};

export function SignInForm({ callbackUrl, notice, initialError }: { callbackUrl: string; notice?: string | null; initialError?: string | null }) {
  const { state, action, errors, checkBeforeSubmit } = useAuthForm(signInAction, INITIAL);

  return (
    <div className="grid gap-4">
      {/* Until the form is submitted, show what brought the user here (an OAuth error, a reset). */}
      <FormMessage error={state.error ?? (state === INITIAL ? initialError : null)} notice={state === INITIAL ? notice : null} />
      {state.needsVerification && state.email && <ResendVerification email={state.email} />}
      <form action={action} noValidate className="grid gap-4" onSubmit={checkBeforeSubmit((form) => checkForm(signInBody, form, ["email", "password"]))}>
        <input type="hidden" name="callbackUrl" value={callbackUrl} />
        <EmailField error={errors.email} initial={state.email ?? ""} autoFocus />
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
