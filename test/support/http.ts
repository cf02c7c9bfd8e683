// The shared HTTP harness: route handlers called directly, the way Next calls them, and the
// headers a test acts with (session, token, tenant, project).
import type { Person } from "@/test/support/world";
import { bearer, createTestToken } from "@/test/factories/tokens";
import { createSessionCookie } from "@/test/factories/users";

export type Handler = (req: Request, route: { params: Promise<Record<string, string>> }) => Promise<Response>;

// Response bodies are read loosely in tests (assertions check their shape).
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- test assertions read arbitrary JSON
export type LooseBody = any;

type RequestOptions = {
  method?: string;
  headers?: Record<string, string>;
  /** A string is sent as is; anything else as JSON. Either way Content-Type is JSON unless the headers say otherwise. */
  body?: unknown;
  query?: Record<string, string>;
  origin?: string;
};

/** The Request a route handler receives; with a body and no method, a POST. */
export function routeRequest(path: string, opts: RequestOptions = {}): Request {
  const url = new URL(`${opts.origin ?? "http://localhost"}${path}`);
  for (const [k, v] of Object.entries(opts.query ?? {})) url.searchParams.set(k, v);
  const hasBody = opts.body !== undefined;
  return new Request(url, {
    method: opts.method ?? (hasBody ? "POST" : "GET"),
    headers: { ...(hasBody ? { "content-type": "application/json" } : {}), ...opts.headers },
    body: hasBody ? (typeof opts.body === "string" ? opts.body : JSON.stringify(opts.body)) : undefined,
  });
}

type CallOptions = Omit<RequestOptions, "origin"> & { params?: Record<string, string> };

/** Calls a route handler directly, the way Next does, and parses the JSON body. */
export async function call(handler: Handler, path: string, opts: CallOptions = {}) {
  const res = await handler(routeRequest(path, opts), { params: Promise.resolve(opts.params ?? {}) });
  const text = await res.text();
  const json: LooseBody = text ? JSON.parse(text) : null;
  return { status: res.status, json, text, headers: res.headers };
}

/** Like `call` with the path among the options; keeps the Response and reads a non-JSON body as text. */
export async function invoke(handler: Handler, opts: CallOptions & { path: string }): Promise<{ res: Response; body: LooseBody }> {
  const res = await handler(routeRequest(opts.path, opts), { params: Promise.resolve(opts.params ?? {}) });
  const text = await res.clone().text();
  let body: unknown = null;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    body = text;
  }
  return { res, body };
}

/** Every error body has exactly this shape, whatever the route or the failure. */
export function expectErrorShape(body: LooseBody, res: Response, code?: string): void {
  if (typeof body?.error?.code !== "string" || typeof body.error.message !== "string" || typeof body.error.requestId !== "string") {
    throw new Error(`not an error body: ${JSON.stringify(body)}`);
  }
  if (body.error.requestId !== res.headers.get("x-request-id")) throw new Error("error.requestId differs from X-Request-Id");
  if (code && body.error.code !== code) throw new Error(`expected error ${code}, got ${body.error.code}: ${body.error.message}`);
}

const scope = (tenant?: string, project?: string): Record<string, string> => ({
  ...(tenant ? { "x-tenant-id": tenant } : {}),
  ...(project ? { "x-project-id": project } : {}),
});

/** Session headers for a person acting in a workspace. */
export function as(p: Person, slug?: string): Record<string, string> {
  return { cookie: p.cookie, ...scope(slug) };
}

/** Session headers for a person acting in a workspace project (default: the default project). */
export function inProject(p: Person, slug: string, project = "default"): Record<string, string> {
  return { cookie: p.cookie, ...scope(slug, project) };
}

const cookies = new Map<string, string>();

/** Session headers for a user id (a session of its own, cached per user), with optional tenant and project. */
export async function sessionHeaders(userId: string, tenant?: string, project?: string): Promise<Record<string, string>> {
  let cookie = cookies.get(userId);
  if (!cookie) cookies.set(userId, (cookie = await createSessionCookie(userId)));
  return { cookie, ...scope(tenant, project) };
}

export function tokenHeaders(token: string, tenant?: string, project?: string): Record<string, string> {
  return { ...bearer(token), ...scope(tenant, project) };
}

/** Token headers: a PAT of `p` in the workspace, with the given scopes (default: all). */
export async function asToken(p: Person, workspaceId: string, opts: { scopes?: string[]; projectId?: string; slug?: string } = {}) {
  const { token } = await createTestToken({ userId: p.id, workspaceId, scopes: opts.scopes, projectId: opts.projectId });
  return tokenHeaders(token, opts.slug);
}

export const NO_AUTH: Record<string, string> = {};
