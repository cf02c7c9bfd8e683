"use client";
import { Eye, EyeOff } from "lucide-react";
import { useState } from "react";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";

type Props = Omit<React.InputHTMLAttributes<HTMLInputElement>, "type">;

/** A password field with a show/hide toggle (people mistype long passphrases). */
export function PasswordInput(props: Props) {
  const [visible, setVisible] = useState(false);
  return (
    <div className="relative">
      <Input {...props} type={visible ? "text" : "password"} className="pr-10" spellCheck={false} autoCapitalize="off" />
      <button
        type="button"
        onClick={() => setVisible((v) => !v)}
        className="absolute inset-y-0 right-0 flex w-9 cursor-pointer items-center justify-center rounded-r-md text-muted-foreground hover:text-foreground focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-ring"
        aria-label={visible ? "Hide password" : "Show password"}
        aria-pressed={visible}
      >
        {visible ? <EyeOff className="size-4" aria-hidden /> : <Eye className="size-4" aria-hidden />}
      </button>
    </div>
  );
}

/** Label + password input + hint/error, wired like every other form field (components/ui/field). */
export function PasswordField({
  id,
  label,
  autoComplete = "new-password",
  error,
  hint,
  autoFocus,
}: {
  id: string;
  label: string;
  autoComplete?: "new-password" | "current-password";
  error?: string;
  hint?: string;
  autoFocus?: boolean;
}) {
  return (
    <Field id={id} label={label} error={error} hint={hint}>
      <PasswordInput name={id} autoComplete={autoComplete} required autoFocus={autoFocus} />
    </Field>
  );
}
