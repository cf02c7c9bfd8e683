"use client";
import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import type { ZodType } from "zod";
import { apiFieldErrors } from "@/lib/client/api";
import { validate, type FieldErrors } from "@/lib/client/form";

/**
 * A form's mutation with field errors: `submit(body)` checks the body with the API's own
 * schema first, and the API's 422 field errors land in the same `errors`. With `sendParsed`
 * the schema's parsed value is sent instead of the body as typed.
 */
export function useFormMutation<TBody, TResult>({
  schema,
  mutationFn,
  onSuccess,
  sendParsed = false,
}: {
  schema: ZodType<TBody>;
  mutationFn: (body: TBody) => Promise<TResult>;
  onSuccess?: (result: TResult) => void;
  sendParsed?: boolean;
}) {
  const [errors, setErrors] = useState<FieldErrors>({});
  const mutation = useMutation({ mutationFn, onSuccess, onError: (err) => setErrors(apiFieldErrors(err)) });
  function submit(body: unknown) {
    const v = validate(schema, body);
    if (!v.ok) return setErrors(v.errors);
    setErrors({});
    // Valid against the schema, so the body as typed is a TBody too.
    mutation.mutate(sendParsed ? v.data : (body as TBody));
  }
  function reset() {
    setErrors({});
    mutation.reset();
  }
  return { errors, submit, reset, mutation };
}
