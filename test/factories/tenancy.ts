import { randomBytes } from "node:crypto";
import { db } from "@/lib/db/client";
import { newId } from "@/lib/core/ids";
import type { ProjectRole, WorkspaceRole } from "@/lib/core/scope";

const suffix = () => randomBytes(4).toString("hex");

type CreateTestWorkspaceOptions = {
  ownerId: string;
  slug?: string;
  name?: string;
  /** The default project's slug (default `default`). */
  projectSlug?: string;
  restrictToVerifiedDomains?: boolean;
  autoJoinVerifiedDomains?: boolean;
};

/** A workspace owned by `ownerId` with its default project (slug `default` unless told), inserted directly. */
export async function createTestWorkspace(opts: CreateTestWorkspaceOptions) {
  const slug = opts.slug ?? `ws-${suffix()}`;
  const workspace = await db.workspace.create({
    data: {
      id: newId("workspace"),
      slug,
      name: opts.name ?? `Workspace ${slug}`,
      restrictToVerifiedDomains: opts.restrictToVerifiedDomains ?? false,
      autoJoinVerifiedDomains: opts.autoJoinVerifiedDomains ?? false,
    },
  });
  await db.workspaceMember.create({ data: { workspaceId: workspace.id, userId: opts.ownerId, role: "owner" } });
  const project = await db.project.create({
    data: { id: newId("project"), workspaceId: workspace.id, slug: opts.projectSlug ?? "default", name: "Default", isDefault: true },
  });
  return { workspace, project };
}

/** Adds a user to a workspace with a role (default `member`). */
export async function addMember(opts: { workspaceId: string; userId: string; role?: WorkspaceRole }) {
  return db.workspaceMember.create({ data: { workspaceId: opts.workspaceId, userId: opts.userId, role: opts.role ?? "member" } });
}

/** Another (non-default) project in a workspace. */
export async function createTestProject(opts: { workspaceId: string; slug?: string; name?: string }) {
  const slug = opts.slug ?? `prj-${suffix()}`;
  return db.project.create({ data: { id: newId("project"), workspaceId: opts.workspaceId, slug, name: opts.name ?? `Project ${slug}` } });
}

/** Grants a workspace member an explicit project role. */
export async function addProjectMember(opts: { workspaceId: string; projectId: string; userId: string; role: ProjectRole }) {
  return db.projectMember.create({ data: opts });
}

/** A domain row; `verified: true` marks it verified without DNS. */
export async function createTestDomain(opts: { workspaceId: string; domain: string; verified?: boolean }) {
  return db.domain.create({
    data: {
      id: newId("domain"),
      workspaceId: opts.workspaceId,
      domain: opts.domain,
      verifyToken: randomBytes(16).toString("hex"),
      verifiedAt: opts.verified ? new Date() : null,
    },
  });
}
