"use client";
import { useActionState } from "react";
import { Button } from "@/components/ui/button";
import { resendVerificationAction } from "@/app/auth/actions";
import type { AuthFormState } from "@/lib/auth/form-state";

/** "Send the link again" for an address known to the caller (after a sign-in said "verify first"). */
export function ResendVerification({ email }: { email: string }) {
  const [state, action, pending] = useActionState<AuthFormState, FormData>(resendVerificationAction, {});
  return (
    <form action={action} className="flex flex-wrap items-center gap-2 text-sm">
      <input type="hidden" name="email" value={email} />
      {state.notice ? (
        <span className="text-success" role="status">
          {state.notice}
        </span>
      ) : (
        <>
          <span className="text-muted-foreground">{state.error ?? "Didn’t get the email?"}</span>
          <Button type="submit" variant="link" size="sm" className="h-auto px-0" disabled={pending}>
            {pending ? "Sending…" : "Send a new link"}
          </Button>
        </>
      )}
    </form>
  );
}
