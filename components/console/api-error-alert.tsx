"use client";
import { Alert } from "@/components/ui/alert";
import { ApiRequestError, errorMessage } from "@/lib/client/api";

/** `input.amount: must be number`; a detail about the whole value has no path to show. */
function detailText(d: { path: string; message: string }): string {
  return d.path === "(root)" ? d.message : `${d.path}: ${d.message}`;
}

/**
 * A failed request as an alert: the API's message, then each field-level detail of a 422 (the
 * part that says what to fix). When the message is only "invalid", the details replace it.
 */
export function ApiErrorAlert({ error }: { error: unknown }) {
  const details = error instanceof ApiRequestError ? (error.details ?? []) : [];
  const message = errorMessage(error);
  const lines = details.map(detailText);
  const messageIsDetail = lines.length === 1 && lines[0] === message;
  return (
    <Alert variant="destructive" data-testid="api-error">
      {!messageIsDetail && <p>{message}</p>}
      {lines.length > 0 && (
        <ul className={messageIsDetail ? "grid gap-0.5" : "mt-1 grid list-disc gap-0.5 pl-4 text-xs"}>
          {lines.map((line, i) => (
            <li key={i} className={messageIsDetail ? "list-none" : undefined}>
              {line}
            </li>
          ))}
        </ul>
      )}
    </Alert>
  );
}
