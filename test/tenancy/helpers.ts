import { db } from "@/lib/db/client";
import type { ProjectRole, WorkspaceRole } from "@/lib/authz/permissions";
import { createSessionCookie, createTestUser } from "@/test/factories/users";
import { bearer, createTestToken } from "@/test/factories/tokens";
import { addMember, addProjectMember, createTestProject, createTestWorkspace } from "@/test/factories/tenancy";

type Handler = (req: Request, route: { params: Promise<Record<string, string>> }) => Promise<Response>;

type CallOptions = {
  method?: string;
  headers?: Record<string, string>;
  body?: unknown;
  params?: Record<string, string>;
  query?: Record<string, string>;
};

/** Calls a route handler directly, the way Next does, and parses the JSON body. */
export async function call(handler: Handler, path: string, opts: CallOptions = {}) {
  const url = new URL(`http://localhost${path}`);
  for (const [k, v] of Object.entries(opts.query ?? {})) url.searchParams.set(k, v);
  const headers: Record<string, string> = { ...opts.headers };
  let body: string | undefined;
  if (opts.body !== undefined) {
    headers["content-type"] = "application/json";
    body = typeof opts.body === "string" ? opts.body : JSON.stringify(opts.body);
  }
  const res = await handler(new Request(url, { method: opts.method ?? "GET", headers, body }), { params: Promise.resolve(opts.params ?? {}) });
  const text = await res.text();
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- test assertions read arbitrary JSON
  const json: any = text ? JSON.parse(text) : null;
  return { status: res.status, json, text, headers: res.headers };
}

export type Person = { id: string; email: string; cookie: string };

export async function person(opts: { email?: string; verified?: boolean } = {}): Promise<Person> {
  const { user } = await createTestUser(opts);
  return { id: user.id, email: user.email, cookie: await createSessionCookie(user.id) };
}

/** A tenant: owner, tenant admin and member, a second project, each with a session. */
export async function tenant() {
  const owner = await person();
  const { workspace, project } = await createTestWorkspace({ ownerId: owner.id });
  const admin = await person();
  const member = await person();
  await addMember({ workspaceId: workspace.id, userId: admin.id, role: "tenant_admin" });
  await addMember({ workspaceId: workspace.id, userId: member.id, role: "member" });
  const other = await createTestProject({ workspaceId: workspace.id });
  return { workspace, project, other, owner, admin, member, slug: workspace.slug };
}
export type Tenant = Awaited<ReturnType<typeof tenant>>;

/** Session headers for a person acting in a workspace. */
export function as(p: Person, slug?: string): Record<string, string> {
  return { cookie: p.cookie, ...(slug ? { "x-tenant-id": slug } : {}) };
}

/** Token headers: a PAT of `p` in the workspace, with the given scopes (default: all). */
export async function asToken(p: Person, workspaceId: string, opts: { scopes?: string[]; projectId?: string; slug?: string } = {}) {
  const { token } = await createTestToken({ userId: p.id, workspaceId, scopes: opts.scopes, projectId: opts.projectId });
  return { ...bearer(token), ...(opts.slug ? { "x-tenant-id": opts.slug } : {}) };
}

export async function joinAs(t: { workspace: { id: string } }, role: WorkspaceRole = "member", grant?: { projectId: string; role: ProjectRole }) {
  const p = await person();
  await addMember({ workspaceId: t.workspace.id, userId: p.id, role });
  if (grant) await addProjectMember({ workspaceId: t.workspace.id, projectId: grant.projectId, userId: p.id, role: grant.role });
  return p;
}

export function lastAudit(workspaceId: string, action: string) {
  return db.auditLog.findFirst({ where: { workspaceId, action }, orderBy: { id: "desc" } });
}

export const NO_AUTH: Record<string, string> = {};
