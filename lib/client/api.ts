// The console's one way to call the /v1 API from the browser: the session cookie rides
// along, the tenant and project go in headers, and the API's `{ error: { code, message } }`
// comes back as a typed ApiRequestError whose message can be shown as is.

type FieldIssue = { path: string; message: string };

export class ApiRequestError extends Error {
  readonly status: number;
  readonly code: string;
  readonly requestId?: string;
  readonly details?: FieldIssue[];

  constructor(status: number, code: string, message: string, requestId?: string, details?: FieldIssue[]) {
    super(message);
    this.name = "ApiRequestError";
    this.status = status;
    this.code = code;
    this.requestId = requestId;
    this.details = details;
  }
}

export type ApiOptions = {
  method?: "GET" | "POST" | "PATCH" | "PUT" | "DELETE";
  body?: unknown;
  /** Workspace slug → X-Tenant-Id. */
  tenant?: string;
  /** Project slug or id → X-Project-Id. */
  project?: string;
  query?: Record<string, string | number | undefined | null>;
  signal?: AbortSignal;
};

export function apiUrl(path: string, query?: ApiOptions["query"]): string {
  const qs = new URLSearchParams();
  for (const [k, v] of Object.entries(query ?? {})) if (v !== undefined && v !== null && v !== "") qs.set(k, String(v));
  const s = qs.toString();
  return s ? `${path}?${s}` : path;
}

const FALLBACK: Record<number, string> = {
  401: "Your session has ended. Sign in again.",
  403: "You do not have permission to do this.",
  404: "Not found.",
  429: "Too many requests. Wait a moment and try again.",
};

export async function api<T = unknown>(path: string, opts: ApiOptions = {}): Promise<T> {
  const headers: Record<string, string> = { Accept: "application/json" };
  if (opts.body !== undefined) headers["Content-Type"] = "application/json";
  if (opts.tenant) headers["X-Tenant-Id"] = opts.tenant;
  if (opts.project) headers["X-Project-Id"] = opts.project;
  let res: Response;
  try {
    res = await fetch(apiUrl(path, opts.query), {
      method: opts.method ?? "GET",
      headers,
      body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
      credentials: "same-origin",
      cache: "no-store",
      signal: opts.signal,
    });
  } catch (err) {
    if ((err as Error).name === "AbortError") throw err;
    throw new ApiRequestError(0, "network_error", "Could not reach the server. Check your connection and try again.");
  }
  if (res.status === 204) return undefined as T;
  const text = await res.text();
  let data: unknown = null;
  try {
    data = text ? JSON.parse(text) : null;
  } catch {
    data = null;
  }
  if (!res.ok) {
    const e = (data as { error?: { code?: string; message?: string; requestId?: string; details?: FieldIssue[] } } | null)?.error;
    const message = e?.message ?? FALLBACK[res.status] ?? `The request failed (HTTP ${res.status}).`;
    throw new ApiRequestError(res.status, e?.code ?? "http_error", message, e?.requestId ?? res.headers.get("x-request-id") ?? undefined, e?.details);
  }
  return data as T;
}

/** A message fit for a toast or an inline alert, whatever was thrown. */
export function errorMessage(err: unknown): string {
  if (err instanceof ApiRequestError) {
    const first = err.details?.[0];
    // A generic validation message says nothing on its own; the first field issue does.
    const generic = /^the request( body| query)? is invalid\.?$/i.test(err.message);
    if (err.code === "invalid_request" && first && generic) return `${first.path === "(root)" ? "" : `${first.path}: `}${first.message}`;
    return err.message;
  }
  if (err instanceof Error && err.message) return err.message;
  return "Something went wrong.";
}

/** Field errors from a 422, keyed by the first path segment (matches form field names). */
export function apiFieldErrors(err: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (err instanceof ApiRequestError) {
    for (const d of err.details ?? []) {
      const key = d.path.split(".")[0];
      if (!(key in out)) out[key] = d.message;
    }
  }
  return out;
}
