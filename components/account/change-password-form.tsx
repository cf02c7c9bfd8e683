"use client";
import { Loader2 } from "lucide-react";
import { useRef, useState } from "react";
import { PasswordField } from "@/components/auth/password-input";
import { FormMessage } from "@/components/auth/form-message";
import { Button } from "@/components/ui/button";
import { toast } from "@/components/ui/toaster";
import { api, apiFieldErrors, errorMessage } from "@/lib/client/api";
import { changePasswordBody, PASSWORD_MAX, PASSWORD_MIN } from "@/lib/schemas/auth";

type Errors = Partial<Record<"currentPassword" | "newPassword" | "confirmPassword", string>>;


/**
 * Change password (POST /v1/me/password). The server re-checks the current password and
 * signs out every other session; this session stays.
 */
export function ChangePasswordForm() {
  const formRef = useRef<HTMLFormElement>(null);
  const [errors, setErrors] = useState<Errors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  async function onSubmit(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const fd = new FormData(e.currentTarget);
    const raw = (k: string) => String(fd.get(k) ?? "");
    const body = { currentPassword: raw("currentPassword"), newPassword: raw("newPassword") };
    const parsed = changePasswordBody.safeParse(body);
    const next: Errors = {};
    if (!parsed.success) for (const i of parsed.error.issues) next[String(i.path[0]) as keyof Errors] ??= i.message;
    if (!next.newPassword && body.newPassword !== raw("confirmPassword")) next.confirmPassword = "The passwords do not match";
    setErrors(next);
    setFormError(null);
    if (Object.keys(next).length > 0) return;

    setPending(true);
    try {
      const res = await api<{ ok: true; otherSessionsEnded: number }>("/v1/me/password", { method: "POST", body });
      formRef.current?.reset();
      const n = res.otherSessionsEnded;
      toast.success("Password changed", n > 0 ? `Signed out ${n} other session${n === 1 ? "" : "s"}.` : undefined);
    } catch (err) {
      const fields = apiFieldErrors(err) as Errors;
      setErrors(fields);
      if (Object.keys(fields).length === 0) setFormError(errorMessage(err));
    } finally {
      setPending(false);
    }
  }

  return (
    <form ref={formRef} noValidate onSubmit={onSubmit} className="grid gap-4" aria-label="Change password">
      <FormMessage error={formError} />
      <PasswordField id="currentPassword" label="Current password" autoComplete="current-password" error={errors.currentPassword} />
      <PasswordField id="newPassword" label="New password" autoComplete="new-password" error={errors.newPassword} hint={`${PASSWORD_MIN}–${PASSWORD_MAX} characters, not a common password.`} />
      <PasswordField id="confirmPassword" label="Confirm new password" autoComplete="new-password" error={errors.confirmPassword} />
      <div>
        <Button type="submit" disabled={pending}>
          {pending && <Loader2 className="size-4 animate-spin" aria-hidden />}
          {pending ? "Changing…" : "Change password"}
        </Button>
      </div>
    </form>
  );
}
