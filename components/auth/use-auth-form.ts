"use client";
import { useActionState, useState } from "react";
import type { AuthFormState } from "@/lib/auth/form-state";
import type { FieldErrors } from "./client-validation";

/**
 * An account form posting to a server action: the action's state, and the field errors of
 * the browser's own check (shown until the next submit) or else of the server's answer.
 */
export function useAuthForm(serverAction: (prev: AuthFormState, fd: FormData) => Promise<AuthFormState>, initial: AuthFormState = {}) {
  const [state, action] = useActionState<AuthFormState, FormData>(serverAction, initial);
  const [local, setLocal] = useState<FieldErrors | null>(null);
  const errors = local ?? state.fieldErrors ?? {};
  /** An onSubmit that checks the form first and does not send it when a field is wrong. */
  function checkBeforeSubmit(check: (form: HTMLFormElement) => FieldErrors | null) {
    return (e: React.FormEvent<HTMLFormElement>) => {
      const found = check(e.currentTarget);
      setLocal(found);
      if (found) e.preventDefault();
    };
  }
  return { state, action, errors, checkBeforeSubmit };
}
