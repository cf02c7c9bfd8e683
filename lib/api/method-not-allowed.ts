import { ApiError } from "@/lib/core/errors";
import { toErrorResponse } from "./error-response";

/** 405 in the API's error shape, with the Allow header RFC 9110 requires. */
export function methodNotAllowed(method: string, allow: readonly string[], requestId: string): Response {
  const list = allow.join(", ");
  const message = `${method.slice(0, 32)} is not allowed on this endpoint; it answers ${list}`;
  return toErrorResponse(new ApiError("method_not_allowed", message, { headers: { Allow: list } }), requestId);
}
