import { authorizeIn, canIn } from "@/lib/access/authorize";
import type { Action } from "@/lib/authz/permissions";
import type { ProjectRole, RequestMeta } from "@/lib/core/scope";
import { requestMeta } from "@/lib/http/request-context";
import { addLogContext, withLogContext } from "@/lib/core/log-context";
import { auditDenial, emptyDenialScope, type DenialScope } from "./audit-denial";
import { ApiError } from "@/lib/core/errors";
import { toErrorResponse } from "./error-response";
import { projectAccessOf, projectKeyOf, workspaceAccessOf, workspaceSlugOf, type ProjectAccess, type WorkspaceAccess } from "@/lib/access/tenancy";
import { enforceApiRateLimit } from "./rate-limit";
import { authenticate, projectRefOf, scopeRef, type AccessLevel, type RouteContext, type UserContext } from "./request-access";

type RouteHandler = (req: Request, route: RouteContext) => Promise<Response>;

export type { UserContext };
export type WorkspaceContext = UserContext & WorkspaceAccess & {
  /** Same question as the route's own check, for conditional fields and nested checks. */
  can: (action: Action, projectRole?: ProjectRole | null) => boolean;
  authorize: (action: Action, projectRole?: ProjectRole | null) => Promise<void>;
};
export type ProjectContext = WorkspaceContext & ProjectAccess;

/** Handlers return plain data (200 JSON) or a Response built with `json()`. */
export function json(data: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return status === 204 ? new Response(null, { status, headers }) : Response.json(data, { status, headers });
}

function finish(result: unknown, meta: RequestMeta, extra: Record<string, string>): Response {
  const res = result instanceof Response ? result : Response.json(result ?? null);
  res.headers.set("X-Request-Id", meta.requestId);
  res.headers.set("Cache-Control", "no-store");
  for (const [k, v] of Object.entries(extra)) res.headers.set(k, v);
  return res;
}

async function flatParams(route: RouteContext | undefined): Promise<Record<string, string>> {
  const raw = route?.params ? await route.params : {};
  const params = Object.fromEntries(Object.entries(raw).map(([k, v]) => [k, Array.isArray(v) ? v.join("/") : (v ?? "")]));
  // No id or slug contains U+0000, and PostgreSQL refuses it in a query (a 500): it names nothing.
  if (Object.values(params).some((v) => v.includes("\u0000"))) throw new ApiError("not_found", "Resource not found");
  return params;
}

function withWorkspaceMethods(ctx: UserContext, access: WorkspaceAccess): WorkspaceContext {
  return {
    ...ctx,
    ...access,
    can: (action, projectRole) => canIn({ ...ctx, ...access }, action, projectRole),
    authorize: async (action, projectRole) => authorizeIn({ ...ctx, ...access }, action, projectRole),
  };
}

type Body = (meta: RequestMeta, headers: Record<string, string>, denial: DenialScope) => Promise<unknown>;

/** One request: the handler's result, or its error in the API's shape (every 403 audited). */
function run(req: Request, route: RouteContext | undefined, body: Body) {
  const meta = requestMeta(req);
  // Every log line of the request carries its id (and its workspace once known: addLogContext below).
  return withLogContext({ requestId: meta.requestId }, async () => {
    const headers: Record<string, string> = {};
    const denial = emptyDenialScope();
    try {
      return finish(await body(meta, headers, denial), meta, headers);
    } catch (err) {
      await auditDenial(err, denial, req, meta);
      const res = toErrorResponse(err, meta.requestId);
      for (const [k, v] of Object.entries(headers)) if (!res.headers.has(k)) res.headers.set(k, v);
      return res;
    }
  });
}

// Each wrapper reads the caller, its membership, the workspace and the project in one query
// (lib/access/load-access.ts: never cached, so revocation and demotion count from the next
// request), then applies the rules in their order: credential, same origin, rate limit,
// workspace, project, permission.

/** Any authenticated user (no workspace): /v1/me, accepting invitations… */
export function withUser(handler: (ctx: UserContext) => Promise<unknown>, opts: { allowSession?: boolean } = {}): RouteHandler {
  return (req, route) =>
    run(req, route, async (meta, headers, denial) => {
      const { ctx } = await authenticate(req, route, meta, denial, { level: "user", allowSession: opts.allowSession ?? true });
      Object.assign(headers, await enforceApiRateLimit(ctx.principal));
      return handler(ctx);
    });
}

/** The workspace from X-Tenant-Id (or the token's own), checked against a workspace action. */
export function withWorkspace(handler: (ctx: WorkspaceContext) => Promise<unknown>, opts: { action: Action }): RouteHandler {
  return (req, route) =>
    run(req, route, async (meta, headers, denial) => {
      denial.action = opts.action;
      const { ctx, rows } = await authenticate(req, route, meta, denial, { level: "workspace", allowSession: true });
      Object.assign(headers, await enforceApiRateLimit(ctx.principal));
      workspaceSlugOf(ctx.principal, scopeRef(ctx, "x-tenant-id", "tenant"));
      const access = workspaceAccessOf(rows.membership);
      denial.workspaceId = access.workspace.id;
      addLogContext({ workspaceId: access.workspace.id });
      const wctx = withWorkspaceMethods(ctx, access);
      await wctx.authorize(opts.action);
      return handler(wctx);
    });
}

/**
 * The route's answer read in the access statement itself (one round trip): a read of the
 * project the request resolves to (lib/access/tenant-statement.ts), built from the request's
 * params and query, or null to leave the request to the handler (e.g. a query it will refuse).
 */
export type UnderAccess = (req: Request, params: Record<string, string>) => ReturnType<NonNullable<AccessLevel["under"]>>;

/**
 * Workspace plus the project from X-Project-Id (or the token's own), checked against a project action.
 * `projectParam` names a route param (e.g. "id" in /v1/projects/{id}) to take the project from instead.
 * `underAccess`: when it gives a statement, the wrapper sends it with the access statement and,
 * once every rule below allowed the request, answers with its result instead of calling the
 * handler; every refusal is the same as without it (the rows it read are dropped).
 */
export function withProject(handler: (ctx: ProjectContext) => Promise<unknown>, opts: { action: Action; projectParam?: string; underAccess?: UnderAccess }): RouteHandler {
  return (req, route) =>
    run(req, route, async (meta, headers, denial) => {
      denial.action = opts.action;
      const underAccess = opts.underAccess;
      const { ctx, rows, under } = await authenticate(req, route, meta, denial, {
        level: "project",
        allowSession: true,
        projectParam: opts.projectParam,
        under: underAccess ? (params) => underAccess(req, params) : undefined,
      });
      Object.assign(headers, await enforceApiRateLimit(ctx.principal));
      workspaceSlugOf(ctx.principal, scopeRef(ctx, "x-tenant-id", "tenant"));
      const access = workspaceAccessOf(rows.membership);
      denial.workspaceId = access.workspace.id;
      addLogContext({ workspaceId: access.workspace.id });
      const { restricted } = projectKeyOf(ctx.principal, projectRefOf(ctx, opts.projectParam));
      const project = projectAccessOf(access, restricted, rows.project);
      denial.projectId = project.project.id;
      addLogContext({ projectId: project.project.id });
      const wctx = withWorkspaceMethods(ctx, access);
      const pctx: ProjectContext = { ...wctx, ...project, authorize: (a, r) => wctx.authorize(a, r ?? project.projectRole), can: (a, r) => wctx.can(a, r ?? project.projectRole) };
      await pctx.authorize(opts.action);
      return under ? under.result : handler(pctx);
    });
}

/** Unauthenticated routes (sign-up, public ingress) still get request ids and the error shape. */
export function withPublic(handler: (ctx: { req: Request; meta: RequestMeta; params: Record<string, string>; headers: Record<string, string> }) => Promise<unknown>): RouteHandler {
  return (req, route) => run(req, route, async (meta, headers) => handler({ req, meta, params: await flatParams(route), headers }));
}
