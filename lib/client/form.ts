import type { ZodType } from "zod";

export type FieldErrors = Record<string, string | undefined>;

/**
 * Validates form values with the same zod schema the API uses, so the console shows the
 * server's rules before a round trip. Errors are keyed by the first path segment.
 */
export function validate<T>(schema: ZodType<T>, values: unknown): { ok: true; data: T } | { ok: false; errors: FieldErrors } {
  const result = schema.safeParse(values);
  if (result.success) return { ok: true, data: result.data };
  const errors: FieldErrors = {};
  for (const issue of result.error.issues) {
    const key = String(issue.path[0] ?? "form");
    errors[key] ??= issue.message;
  }
  return { ok: false, errors };
}
