import type { z, ZodError } from "zod";
import { ApiError, type FieldIssue } from "./errors";
import "./zod-messages";

// Validation against a zod schema, with the API's error shape: every caller (the HTTP adapter,
// domain functions validating a stored document, workers) reports the same 422 details.

/** A zod error as the field issues of a 422 (`path` dotted, "(root)" for the value itself). */
export function zodIssues(err: ZodError): FieldIssue[] {
  return err.issues.map((i) => ({ path: i.path.map(String).join(".") || "(root)", message: i.message }));
}

/** The parsed value, or a 422 `invalid_request` naming every issue. */
export function parseWith<S extends z.ZodType>(schema: S, raw: unknown): z.infer<S> {
  const result = schema.safeParse(raw);
  if (!result.success) throw new ApiError("invalid_request", "The request is invalid", { details: zodIssues(result.error) });
  return result.data;
}
