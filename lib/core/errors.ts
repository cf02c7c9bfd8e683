// One error class and a closed set of codes, mapped to HTTP statuses in one place.
const ERROR_STATUS = {
  invalid_request: 422,
  bad_request: 400,
  unauthorized: 401,
  insufficient_credits: 402,
  forbidden: 403,
  // The workspace is in its deletion grace window (lib/lifecycle): no runs, no tokens, no traffic.
  workspace_pending_deletion: 403,
  insufficient_scope: 403,
  not_found: 404,
  method_not_allowed: 405,
  conflict: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  rate_limited: 429,
  internal_error: 500,
  // The database could not be reached (down, restarting, out of connections): retry later.
  service_unavailable: 503,
  // A tool's test call: the path is unsafe, or no capability of the tool declares it.
  tool_path_refused: 422,
  capability_not_declared: 403,
  // A tool's test call: its credential could not be had, or its upstream did not answer.
  credential_unavailable: 424,
  upstream_unreachable: 502,
  // The web process could not reach a service of the platform's own (the gateway).
  gateway_unreachable: 502,
} as const;

type ErrorCode = keyof typeof ERROR_STATUS;

export type FieldIssue = { path: string; message: string };

/**
 * What a 403 refused, for its audit row (lib/api/audit-denial.ts writes one for every 403 the
 * API answers). `attempted` names the action (default: the route's own action, else the method
 * and path), `reason` the rule (default: the error code); `workspaceId` is for refusals outside
 * a workspace-scoped route.
 */
type Denial = { attempted?: string; reason?: string; workspaceId?: string | null };

export class ApiError extends Error {
  readonly code: ErrorCode;
  readonly details?: FieldIssue[];
  readonly headers?: Record<string, string>;
  readonly denial?: Denial;

  constructor(code: ErrorCode, message: string, opts: { details?: FieldIssue[]; headers?: Record<string, string>; denial?: Denial } = {}) {
    super(message);
    this.name = "ApiError";
    this.code = code;
    this.details = opts.details;
    this.headers = opts.headers;
    this.denial = opts.denial;
  }

  get status(): number {
    return ERROR_STATUS[this.code];
  }
}

/** A workspace in its deletion grace window (lib/lifecycle): no runs, no tokens, no traffic. */
export const workspacePendingDeletion = () =>
  new ApiError("workspace_pending_deletion", "This workspace is scheduled for deletion; its owner can cancel the deletion in Settings until the grace window ends", {
    denial: { reason: "workspace_pending_deletion" },
  });
export const notFound = (what = "Resource") => new ApiError("not_found", `${what} not found`);
export const unauthorized = (message = "Authentication required") => new ApiError("unauthorized", message);
/** A credential was presented and refused (unknown, malformed, expired, revoked): RFC 6750 `invalid_token`. */
export const invalidToken = (message = "Invalid API token") =>
  new ApiError("unauthorized", message, { headers: { "WWW-Authenticate": 'Bearer error="invalid_token"' } });
export const forbidden = (message = "You do not have permission to do this", denial?: Denial) => new ApiError("forbidden", message, { denial });
