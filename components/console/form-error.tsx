"use client";
import { Alert } from "@/components/ui/alert";
import { apiFieldErrors, errorMessage } from "@/lib/client/api";

/** A failed mutation's message, unless its field errors are already shown next to the fields. */
export function FormError({ error }: { error: unknown }) {
  if (!error || Object.keys(apiFieldErrors(error)).length > 0) return null;
  return <Alert variant="destructive">{errorMessage(error)}</Alert>;
}
