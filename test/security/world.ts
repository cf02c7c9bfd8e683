// A small multi-tenant world for the security and token tests: tenant A with one user per
// role (and per project role), two projects, and tenant B with its own owner and project.
// Built with the shared world builder; slugs are unique per tenant (never `default`), so a
// project slug of B named inside A is a missing project, not A's default one.
import { randomBytes } from "node:crypto";
import type { ProjectRole, WorkspaceRole } from "@/lib/core/scope";
import { tenant, type Person } from "@/test/support/world";

export type Subject = "owner" | "tenant_admin" | "member_project_admin" | "member_project_contributor" | "member_project_viewer" | "member_none";
export const SUBJECTS: Subject[] = ["owner", "tenant_admin", "member_project_admin", "member_project_contributor", "member_project_viewer", "member_none"];

const SUBJECT_ROLES: Record<Exclude<Subject, "owner">, { role: WorkspaceRole; project?: ProjectRole }> = {
  tenant_admin: { role: "tenant_admin" },
  member_project_admin: { role: "member", project: "project_admin" },
  member_project_contributor: { role: "member", project: "project_contributor" },
  member_project_viewer: { role: "member", project: "project_viewer" },
  member_none: { role: "member" },
};

const suffix = () => randomBytes(4).toString("hex");

export async function createWorld() {
  const a = await tenant({ staff: false, members: SUBJECT_ROLES, names: true, passwordless: true, slug: `tenant-a-${suffix()}`, projectSlug: `own-${suffix()}` });
  const b = await tenant({ staff: false, otherProject: false, names: true, passwordless: true, slug: `tenant-b-${suffix()}`, projectSlug: `b-main-${suffix()}` });
  const users: Record<Subject, Person> = { owner: a.owner, ...a.members };
  return { a: { workspace: a.workspace, own: a.project, other: a.other, users }, b: { workspace: b.workspace, project: b.project, owner: b.owner } };
}
export type World = Awaited<ReturnType<typeof createWorld>>;
