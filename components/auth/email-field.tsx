"use client";
import { useState } from "react";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";

/** The `email` field of the account forms; `initial` is what the server sent back, if anything. */
export function EmailField({ label = "Email", error, initial = "", autoFocus }: { label?: string; error?: string; initial?: string; autoFocus?: boolean }) {
  const [email, setEmail] = useState(initial);
  return (
    <Field id="email" label={label} error={error}>
      <Input name="email" type="email" autoComplete="email" autoFocus={autoFocus} required value={email} onChange={(e) => setEmail(e.target.value)} placeholder="you@company.com" />
    </Field>
  );
}
