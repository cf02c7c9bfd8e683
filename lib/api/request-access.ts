import { auditActor, type Principal } from "@/lib/access/principal";
import { loadAccessWith, type AccessRows } from "@/lib/access/load-access";
import type { TenantStatement } from "@/lib/access/tenant-statement";
import { trimmedRef } from "@/lib/access/tenancy";
import { ApiError } from "@/lib/core/errors";
import type { AuditActor, RequestMeta } from "@/lib/core/scope";
import type { DenialScope } from "./audit-denial";
import { principalOf, readCredential } from "./principal";
import { checkSameOrigin } from "./same-origin";
import { slideSession } from "@/lib/auth/session";

type Params = Record<string, string | string[] | undefined>;
export type RouteContext = { params: Promise<Params> };

export type UserContext = {
  req: Request;
  meta: RequestMeta;
  principal: Principal;
  actor: AuditActor;
  params: Record<string, string>;
};

/**
 * How far a wrapper resolves: the user, its workspace, or a project of it (from a route param
 * instead of X-Project-Id). `under`: the route's own read, sent in the access statement
 * (null: the request's params or query will be refused, so the access statement goes alone).
 */
export type AccessLevel = {
  level: "user" | "workspace" | "project";
  allowSession: boolean;
  projectParam?: string;
  under?: (params: Record<string, string>) => TenantStatement<unknown> | null;
};

/** What the statement run under the access statement returned (absent: none was run). */
export type UnderResult = { result: unknown } | null;

const nul = (v: string) => v.includes("\u0000");

async function readParams(route: RouteContext | undefined): Promise<Record<string, string>> {
  const raw = route?.params ? await route.params : {};
  return Object.fromEntries(Object.entries(raw).map(([k, v]) => [k, Array.isArray(v) ? v.join("/") : (v ?? "")]));
}

// EventSource cannot send headers: a console session may name the workspace and project of a
// GET in the query instead (`?tenant=&project=`, e.g. the Command Center's live streams). Reads
// only, and the headers win when both are present.
function refOf(req: Request, type: Principal["type"], header: "x-tenant-id" | "x-project-id", param: "tenant" | "project"): string | null {
  const value = req.headers.get(header);
  if (value !== null || type !== "session" || req.method !== "GET") return value;
  return new URL(req.url).searchParams.get(param);
}

/** The workspace or project a request names (header, session query, or route param); 404 for a value no id or slug can hold. */
export function scopeRef(ctx: UserContext, header: "x-tenant-id" | "x-project-id", param: "tenant" | "project"): string | null {
  const ref = refOf(ctx.req, ctx.principal.type, header, param);
  // No id or slug contains U+0000, and PostgreSQL refuses it in a query (a 500): it names nothing.
  if (ref !== null && nul(ref)) throw new ApiError("not_found", "Resource not found");
  return ref;
}

export function projectRefOf(ctx: UserContext, projectParam: string | undefined): string | null {
  return projectParam ? (ctx.params[projectParam] ?? "") : scopeRef(ctx, "x-project-id", "project");
}

/**
 * The caller and every row the wrapper's later steps decide on, in one query (lib/access/load-access.ts).
 * Refusals keep their order: 401 (credential), 403 (same origin), 404 (a path param holding
 * U+0000); the workspace's and project's rules run in the wrapper, after the rate limit.
 */
export async function authenticate(
  req: Request,
  route: RouteContext | undefined,
  meta: RequestMeta,
  denial: DenialScope,
  access: AccessLevel,
): Promise<{ ctx: UserContext; rows: AccessRows; under: UnderResult }> {
  const credential = await readCredential(req, { allowSession: access.allowSession });
  const params = await readParams(route);
  const badParams = Object.values(params).some(nul);
  // What the lookup is given is what the wrapper's steps will read; a value they will refuse is not looked up.
  const usable = (ref: string | null) => (ref !== null && nul(ref) ? null : trimmedRef(ref));
  const slug = access.level === "user" ? null : usable(refOf(req, credential.type, "x-tenant-id", "tenant"));
  const projectRef = access.projectParam ? (badParams ? null : (params[access.projectParam] ?? "")) : refOf(req, credential.type, "x-project-id", "project");
  const statement = access.under && !badParams ? access.under(params) : null;
  const { rows, result } = await loadAccessWith(
    credential,
    {
      workspace: access.level !== "user" && (slug !== null || credential.type === "token"),
      slug,
      project: access.level === "project",
      projectKey: access.level === "project" ? usable(projectRef) : null,
    },
    statement,
  );
  const principal = principalOf(credential, rows);
  denial.actor = auditActor(principal);
  if (principal.type === "session") {
    checkSameOrigin(req);
    await slideSession(principal.sessionId, rows.session!.expires);
  }
  if (badParams) throw new ApiError("not_found", "Resource not found");
  return { ctx: { req, meta, principal, actor: denial.actor, params }, rows, under: statement ? { result } : null };
}
