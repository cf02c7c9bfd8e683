// A small multi-tenant world for the security and token tests: tenant A with one user per
// role (and per project role), two projects, and tenant B with its own owner and project.
// Built straight with Prisma so these tests do not depend on the workspace/project routes.
import { randomBytes } from "node:crypto";
import { db } from "@/lib/db/client";
import { newId } from "@/lib/core/ids";
import type { ProjectRole, WorkspaceRole } from "@/lib/authz/permissions";
import { createSessionCookie } from "@/test/factories/users";

export type Subject = "owner" | "tenant_admin" | "member_project_admin" | "member_project_contributor" | "member_project_viewer" | "member_none";
export const SUBJECTS: Subject[] = ["owner", "tenant_admin", "member_project_admin", "member_project_contributor", "member_project_viewer", "member_none"];

const SUBJECT_ROLES: Record<Subject, { workspace: WorkspaceRole; project: ProjectRole | null }> = {
  owner: { workspace: "owner", project: null },
  tenant_admin: { workspace: "tenant_admin", project: null },
  member_project_admin: { workspace: "member", project: "project_admin" },
  member_project_contributor: { workspace: "member", project: "project_contributor" },
  member_project_viewer: { workspace: "member", project: "project_viewer" },
  member_none: { workspace: "member", project: null },
};

const suffix = () => randomBytes(4).toString("hex");

async function createUserRow(label: string) {
  return db.user.create({
    data: { id: newId("user"), email: `${label}-${suffix()}@example.test`.toLowerCase(), name: label, emailVerified: new Date() },
  });
}

export async function createWorkspaceRow(label: string) {
  return db.workspace.create({ data: { id: newId("workspace"), slug: `${label}-${suffix()}`, name: label } });
}

async function createProjectRow(workspaceId: string, label: string, isDefault = false) {
  return db.project.create({ data: { id: newId("project"), workspaceId, slug: `${label}-${suffix()}`, name: label, isDefault } });
}

export async function addMember(workspaceId: string, userId: string, role: WorkspaceRole) {
  await db.workspaceMember.create({ data: { workspaceId, userId, role } });
}

async function addProjectMember(workspaceId: string, projectId: string, userId: string, role: ProjectRole) {
  await db.projectMember.create({ data: { workspaceId, projectId, userId, role } });
}

export async function createWorld() {
  const wsA = await createWorkspaceRow("tenant-a");
  const own = await createProjectRow(wsA.id, "own", true);
  const other = await createProjectRow(wsA.id, "other");
  const users = {} as Record<Subject, { id: string; email: string }>;
  for (const subject of SUBJECTS) {
    const u = await createUserRow(subject.replace(/_/g, "-"));
    users[subject] = u;
    await addMember(wsA.id, u.id, SUBJECT_ROLES[subject].workspace);
    const projectRole = SUBJECT_ROLES[subject].project;
    if (projectRole) await addProjectMember(wsA.id, own.id, u.id, projectRole);
  }
  const wsB = await createWorkspaceRow("tenant-b");
  const projectB = await createProjectRow(wsB.id, "b-main", true);
  const ownerB = await createUserRow("owner-b");
  await addMember(wsB.id, ownerB.id, "owner");
  return { a: { workspace: wsA, own, other, users }, b: { workspace: wsB, project: projectB, owner: ownerB } };
}
export type World = Awaited<ReturnType<typeof createWorld>>;

const cookies = new Map<string, string>();

/** Session headers for a user (cookie cached per user), with optional tenant and project. */
export async function sessionHeaders(userId: string, tenant?: string, project?: string): Promise<Record<string, string>> {
  let cookie = cookies.get(userId);
  if (!cookie) cookies.set(userId, (cookie = await createSessionCookie(userId)));
  return { cookie, ...(tenant ? { "x-tenant-id": tenant } : {}), ...(project ? { "x-project-id": project } : {}) };
}

export function tokenHeaders(token: string, tenant?: string, project?: string): Record<string, string> {
  return { authorization: `Bearer ${token}`, ...(tenant ? { "x-tenant-id": tenant } : {}), ...(project ? { "x-project-id": project } : {}) };
}

// Response bodies are read loosely in tests (assertions check their shape).
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type LooseBody = any;

type Handler = (req: Request, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>;

/** Calls a route handler directly, as Next would. */
export async function call(
  handler: Handler,
  opts: { method?: string; path: string; headers?: Record<string, string>; body?: unknown; params?: Record<string, string> },
): Promise<{ res: Response; body: LooseBody }> {
  const hasBody = opts.body !== undefined;
  const req = new Request(`http://localhost${opts.path}`, {
    method: opts.method ?? (hasBody ? "POST" : "GET"),
    headers: { ...(hasBody ? { "content-type": "application/json" } : {}), ...opts.headers },
    body: hasBody ? (typeof opts.body === "string" ? opts.body : JSON.stringify(opts.body)) : undefined,
  });
  const res = await handler(req, { params: Promise.resolve(opts.params ?? {}) });
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
