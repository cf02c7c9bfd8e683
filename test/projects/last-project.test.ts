import { describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { lastProjectIdOf, lastWorkspaceIdOf, rememberLastProject } from "@/lib/projects/last-project";
import { listSwitcherProjects } from "@/lib/projects/list-switcher-projects";
import { DEMO, seedDemo } from "@/lib/seed/seed-demo";
import { addMember, addProjectMember, createTestProject } from "@/test/factories/tenancy";
import { person, tenant } from "@/test/support/world";

// The scope the console's top-bar switcher shows and remembers (lib/projects/last-project.ts,
// list-switcher-projects.ts), on the real database.

describe("last project per user and workspace", () => {
  it("remembers the newest choice per workspace; the newest workspace is the one last used", async () => {
    const [a, b] = [await tenant(), await tenant()];
    const user = a.owner;
    await addMember({ workspaceId: b.workspace.id, userId: user.id, role: "member" });
    expect(await lastProjectIdOf(user.id, a.workspace.id)).toBeNull();
    expect(await lastWorkspaceIdOf(user.id)).toBeNull();

    await rememberLastProject(user.id, a.workspace.id, a.project.id);
    await rememberLastProject(user.id, a.workspace.id, a.other.id);
    expect(await lastProjectIdOf(user.id, a.workspace.id)).toBe(a.other.id);
    expect(await lastWorkspaceIdOf(user.id)).toBe(a.workspace.id);

    await rememberLastProject(user.id, b.workspace.id, b.project.id);
    expect(await lastWorkspaceIdOf(user.id)).toBe(b.workspace.id);
    // Another user's choice is theirs alone.
    expect(await lastProjectIdOf(a.admin.id, a.workspace.id)).toBeNull();
    expect(await db.userLastProject.count({ where: { userId: user.id } })).toBe(2);
  });

  it("goes with its project and with its user (no dangling choice)", async () => {
    const t = await tenant();
    const leaver = await person();
    await addMember({ workspaceId: t.workspace.id, userId: leaver.id, role: "member" });
    await rememberLastProject(t.admin.id, t.workspace.id, t.other.id);
    await rememberLastProject(t.owner.id, t.workspace.id, t.project.id);
    await rememberLastProject(leaver.id, t.workspace.id, t.project.id);
    await db.project.delete({ where: { id: t.other.id } });
    expect(await lastProjectIdOf(t.admin.id, t.workspace.id)).toBeNull();
    expect(await lastProjectIdOf(t.owner.id, t.workspace.id)).toBe(t.project.id);
    await db.user.delete({ where: { id: leaver.id } });
    expect(await db.userLastProject.count({ where: { userId: leaver.id } })).toBe(0);
  });
});

describe("listSwitcherProjects", () => {
  it("owners and tenant admins see every project; members only those granted; default first, then by name", async () => {
    const [a, b] = [await tenant(), await tenant()];
    const zeta = await createTestProject({ workspaceId: a.workspace.id, name: "Zeta", slug: "zeta" });
    const viewer = await person();
    await addMember({ workspaceId: a.workspace.id, userId: viewer.id, role: "member" });
    await addMember({ workspaceId: b.workspace.id, userId: viewer.id, role: "tenant_admin" });
    await addProjectMember({ workspaceId: a.workspace.id, projectId: zeta.id, userId: viewer.id, role: "project_viewer" });

    const byWs = await listSwitcherProjects(viewer.id, [
      { id: a.workspace.id, role: "member" },
      { id: b.workspace.id, role: "tenant_admin" },
    ]);
    expect(byWs[a.workspace.id].map((p) => p.slug)).toEqual(["zeta"]);
    expect(byWs[b.workspace.id][0]).toMatchObject({ id: b.project.id, isDefault: true });
    expect(new Set(byWs[b.workspace.id].map((p) => p.id))).toEqual(new Set([b.project.id, b.other.id]));

    const owner = await listSwitcherProjects(a.owner.id, [{ id: a.workspace.id, role: "owner" }]);
    expect(owner[a.workspace.id][0].id).toBe(a.project.id);
    expect(new Set(owner[a.workspace.id].map((p) => p.id))).toEqual(new Set([a.project.id, a.other.id, zeta.id]));
  });

  it("answers only the workspaces it is given", async () => {
    const [a, b] = [await tenant(), await tenant()];
    const byWs = await listSwitcherProjects(a.owner.id, [{ id: a.workspace.id, role: "owner" }]);
    expect(Object.keys(byWs)).toEqual([a.workspace.id]);
    expect(byWs[a.workspace.id].some((p) => p.id === b.project.id)).toBe(false);
  });
});

describe("npm run seed", () => {
  it("the demo user's current project is dev, where hello is; a later choice is kept by the next seed", async () => {
    const first = await seedDemo(null);
    const user = await db.user.findUniqueOrThrow({ where: { email: DEMO.email } });
    const ws = await db.workspace.findUniqueOrThrow({ where: { slug: DEMO.workspace } });
    const dev = await db.project.findFirstOrThrow({ where: { workspaceId: ws.id, slug: DEMO.project } });
    expect(await lastProjectIdOf(user.id, ws.id)).toBe(dev.id);
    expect(await db.workflow.count({ where: { projectId: dev.id, slug: "hello" } })).toBe(1);
    const other = await db.project.findFirstOrThrow({ where: { workspaceId: ws.id, isDefault: true } });
    await rememberLastProject(user.id, ws.id, other.id);
    await seedDemo(first.password);
    expect(await lastProjectIdOf(user.id, ws.id)).toBe(other.id);
  });
});
