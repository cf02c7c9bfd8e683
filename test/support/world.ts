// The one world builder: tenants (workspace, default project, people with sessions) inserted
// straight with Prisma, plus the options suites ask for — extra members and their project
// roles, credits, a published workflow, an owner's token — so no suite grows its own.
import type { Project, Workflow } from "@/lib/generated/prisma/client";
import type { ProjectRole, WorkspaceRole } from "@/lib/core/scope";
import { db } from "@/lib/db/client";
import { inProject } from "@/test/support/http";
import { grantTestCredits } from "@/test/factories/billing";
import { addMember, addProjectMember, createTestProject, createTestWorkspace } from "@/test/factories/tenancy";
import { createTestToken } from "@/test/factories/tokens";
import { createSessionCookie, createTestUser } from "@/test/factories/users";
import { createTestWorkflow } from "@/test/factories/workflows";

export type Person = { id: string; email: string; cookie: string };

type PersonOptions = { email?: string; verified?: boolean; name?: string | null; passwordless?: boolean };

/** A user with a session cookie; `passwordless` skips the (deliberately slow) argon2 hash. */
export async function person(opts: PersonOptions = {}): Promise<Person> {
  const base = { email: opts.email, verified: opts.verified, name: opts.name };
  const { user } = opts.passwordless ? await createTestUser({ ...base, password: null }) : await createTestUser(base);
  return { id: user.id, email: user.email, cookie: await createSessionCookie(user.id) };
}

/** A workspace role, and optionally a role on the tenant's default project. */
export type MemberSpec = { role?: WorkspaceRole; project?: ProjectRole };

/** Workspace members holding one project role each on the default project. */
export const PROJECT_TEAM = {
  viewer: { project: "project_viewer" },
  contributor: { project: "project_contributor" },
  projectAdmin: { project: "project_admin" },
} as const satisfies Record<string, MemberSpec>;

export type TenantOptions = {
  /** A tenant admin `admin` and a plain `member` beside the owner (default true). */
  staff?: boolean;
  /** A second, non-default project `other` (default true). */
  otherProject?: boolean;
  /** More people, by name; the name is also the user's display name when `names` is set. */
  members?: Record<string, MemberSpec>;
  /** Users named after their place (`owner`, `admin`, `member`, member keys with `-` for `_`). */
  names?: boolean;
  passwordless?: boolean;
  /** Workspace and default-project slugs (default `ws-…` and `default`). */
  slug?: string;
  projectSlug?: string;
  /** Ledger credits: true grants the factory default ($10). */
  credits?: boolean | bigint;
  /** A workflow in the default project (true: the published hello graph). */
  workflow?: boolean | { graph?: unknown; publish?: boolean; createdByOwner?: boolean };
  /** A PAT of the owner (default scopes: all). */
  token?: boolean | { scopes?: string[]; name?: string };
};

type MemberKeys<O> = O extends { members: infer M } ? Extract<keyof M, string> : never;
type TenantOf<O> = {
  workspace: Awaited<ReturnType<typeof createTestWorkspace>>["workspace"];
  project: Project;
  owner: Person;
  slug: string;
  members: Record<MemberKeys<O>, Person>;
} & (O extends { staff: false } ? unknown : { admin: Person; member: Person })
  & (O extends { otherProject: false } ? unknown : { other: Project })
  & (O extends { workflow: true | object } ? { workflow: Workflow } : unknown)
  & (O extends { token: true | object } ? { token: Awaited<ReturnType<typeof createTestToken>> } : unknown);

const label = (key: string) => key.replace(/_/g, "-");

/**
 * A tenant: owner, tenant admin and member, a second project, each person with a session;
 * the options add or leave out the rest.
 */
export async function tenant<const O extends TenantOptions = Record<never, never>>(opts?: O): Promise<TenantOf<O>> {
  const o: TenantOptions = opts ?? {};
  const who = (name: string) => person({ passwordless: o.passwordless, name: o.names ? label(name) : undefined });
  const owner = await who("owner");
  const { workspace, project } = await createTestWorkspace({ ownerId: owner.id, slug: o.slug, projectSlug: o.projectSlug });
  const join = async (name: string, spec: MemberSpec) => {
    const p = await who(name);
    await addMember({ workspaceId: workspace.id, userId: p.id, role: spec.role ?? "member" });
    if (spec.project) await addProjectMember({ workspaceId: workspace.id, projectId: project.id, userId: p.id, role: spec.project });
    return p;
  };
  const t: Record<string, unknown> = { workspace, project, owner, slug: workspace.slug };
  if (o.staff !== false) {
    t.admin = await join("admin", { role: "tenant_admin" });
    t.member = await join("member", { role: "member" });
  }
  const members: Record<string, Person> = {};
  for (const [name, spec] of Object.entries(o.members ?? {})) members[name] = await join(name, spec);
  t.members = members;
  if (o.otherProject !== false) t.other = await createTestProject({ workspaceId: workspace.id });
  if (o.credits) await grantTestCredits(workspace.id, o.credits === true ? undefined : o.credits);
  if (o.workflow) {
    const wf = o.workflow === true ? {} : o.workflow;
    const created = await createTestWorkflow({ workspaceId: workspace.id, projectId: project.id, graph: wf.graph, publish: wf.publish, createdById: wf.createdByOwner ? owner.id : null });
    t.workflow = created.workflow;
  }
  if (o.token) {
    const tk = o.token === true ? {} : o.token;
    t.token = await createTestToken({ userId: owner.id, workspaceId: workspace.id, scopes: tk.scopes, name: tk.name });
  }
  return t as TenantOf<O>;
}
export type Tenant = TenantOf<Record<never, never>>;

/** Two tenants: `a` built with the options, `b` a plain one (another tenant's view). */
export async function twoTenants<const O extends TenantOptions = Record<never, never>, const B extends TenantOptions = Record<never, never>>(a?: O, b?: B) {
  return { a: await tenant(a), b: await tenant(b) };
}

/**
 * Two tenants; a's default project has a viewer, a contributor and a project admin (headers
 * for a's tenant admin as `admin`). The options add to a and b as in `twoTenants`.
 */
export async function teamWorld<const O extends TenantOptions = Record<never, never>, const B extends TenantOptions = Record<never, never>>(a?: O, b?: B) {
  const w = await twoTenants({ ...a, members: PROJECT_TEAM } as O & { members: typeof PROJECT_TEAM }, b);
  const { admin } = w.a as unknown as Tenant;
  return { ...w, ...w.a.members, admin: inProject(admin, w.a.slug) };
}

/** A new person in a tenant's workspace, with an optional project role. */
export async function joinAs(t: { workspace: { id: string } }, role: WorkspaceRole = "member", grant?: { projectId: string; role: ProjectRole }) {
  const p = await person();
  await addMember({ workspaceId: t.workspace.id, userId: p.id, role });
  if (grant) await addProjectMember({ workspaceId: t.workspace.id, projectId: grant.projectId, userId: p.id, role: grant.role });
  return p;
}

export function lastAudit(workspaceId: string, action: string) {
  return db.auditLog.findFirst({ where: { workspaceId, action }, orderBy: { id: "desc" } });
}
