import type { ZodType } from "zod";

export type FieldErrors = Record<string, string | undefined>;

/**
 * Checks a form with the endpoint's own zod schema before it is sent. Values are read raw:
 * passwords are never trimmed. Returns the errors, or null when the form may be submitted.
 */
export function checkForm(schema: ZodType, form: HTMLFormElement, fields: string[]): FieldErrors | null {
  const fd = new FormData(form);
  const values: Record<string, string | undefined> = {};
  for (const f of fields) {
    const v = fd.get(f);
    values[f] = typeof v === "string" && v !== "" ? v : undefined;
  }
  const result = schema.safeParse(values);
  if (result.success) return null;
  const errors: FieldErrors = {};
  for (const issue of result.error.issues) errors[String(issue.path[0] ?? "form")] ??= issue.message;
  return errors;
}
