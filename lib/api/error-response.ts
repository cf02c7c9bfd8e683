import { ZodError } from "zod";
import { ApiError, type FieldIssue } from "@/lib/core/errors";
import { zodIssues } from "@/lib/core/validate";
import { logger } from "@/lib/core/logger";
import { isDatabaseUnavailable } from "@/lib/db/unavailable";

type ErrorBody = {
  error: { code: string; message: string; requestId: string; details?: FieldIssue[] };
};

function isPrismaNotFound(err: unknown): boolean {
  return typeof err === "object" && err !== null && (err as { code?: string }).code === "P2025";
}

function isPrismaUniqueViolation(err: unknown): boolean {
  return typeof err === "object" && err !== null && (err as { code?: string }).code === "P2002";
}

/** Turns any thrown value into the JSON error shape. Unknown errors never leak details. */
export function toErrorResponse(err: unknown, requestId: string): Response {
  let apiErr: ApiError;
  if (err instanceof ApiError) apiErr = err;
  else if (err instanceof ZodError) apiErr = new ApiError("invalid_request", "The request is invalid", { details: zodIssues(err) });
  else if (isPrismaNotFound(err)) apiErr = new ApiError("not_found", "Resource not found");
  else if (isPrismaUniqueViolation(err)) apiErr = new ApiError("conflict", "A resource with these values already exists");
  else if (isDatabaseUnavailable(err)) {
    logger.error("database unavailable", { requestId, err });
    apiErr = new ApiError("service_unavailable", "The service is temporarily unavailable; retry in a moment", { headers: { "Retry-After": "1" } });
  } else {
    logger.error("unhandled error", { requestId, err });
    apiErr = new ApiError("internal_error", "Something went wrong on our side");
  }
  const body: ErrorBody = { error: { code: apiErr.code, message: apiErr.message, requestId } };
  if (apiErr.details) body.error.details = apiErr.details;
  // RFC 9110: a 401 names the scheme that would work; a refused token adds error="invalid_token".
  const challenge: Record<string, string> = apiErr.status === 401 ? { "WWW-Authenticate": "Bearer" } : {};
  return Response.json(body, {
    status: apiErr.status,
    headers: { "X-Request-Id": requestId, "Cache-Control": "no-store", ...challenge, ...apiErr.headers },
  });
}
