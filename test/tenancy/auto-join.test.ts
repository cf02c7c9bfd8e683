import { describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { autoJoinVerifiedDomains } from "@/lib/domains/auto-join";
import { createTestUser } from "@/test/factories/users";
import { createTestDomain } from "@/test/factories/tenancy";
import { tenant } from "@/test/support/world";

let n = 0;
const uniqueDomain = () => `aj${Date.now().toString(36)}${n++}.example.org`;

describe("autoJoinVerifiedDomains", () => {
  it("joins a verified user, as member, to every workspace that verified their domain and turned auto-join on", async () => {
    const domain = uniqueDomain();
    const on = await tenant();
    const off = await tenant();
    const unverified = await tenant();
    await createTestDomain({ workspaceId: on.workspace.id, domain, verified: true });
    await createTestDomain({ workspaceId: off.workspace.id, domain, verified: false });
    await createTestDomain({ workspaceId: unverified.workspace.id, domain, verified: false });
    await db.workspace.update({ where: { id: on.workspace.id }, data: { autoJoinVerifiedDomains: true } });
    await db.workspace.update({ where: { id: unverified.workspace.id }, data: { autoJoinVerifiedDomains: true } });

    const { user } = await createTestUser({ email: `Ann@${domain.toUpperCase()}` });
    expect(await autoJoinVerifiedDomains(user.id)).toEqual([on.workspace.id]);
    expect(await db.workspaceMember.findMany({ where: { userId: user.id }, select: { workspaceId: true, role: true } })).toEqual([{ workspaceId: on.workspace.id, role: "member" }]);
    const audit = await db.auditLog.findFirst({ where: { workspaceId: on.workspace.id, action: "member.auto_join" } });
    expect(audit).toMatchObject({ actorType: "system", targetId: user.id, metadata: { domain } });
    // Idempotent: already a member, nothing more to join.
    expect(await autoJoinVerifiedDomains(user.id)).toEqual([]);
  });

  it("does nothing for an unverified email, another domain, a subdomain, or an unknown user", async () => {
    const domain = uniqueDomain();
    const t = await tenant();
    await createTestDomain({ workspaceId: t.workspace.id, domain, verified: true });
    await db.workspace.update({ where: { id: t.workspace.id }, data: { autoJoinVerifiedDomains: true } });
    const { user: unverified } = await createTestUser({ email: `bob@${domain}`, verified: false });
    const { user: elsewhere } = await createTestUser({ email: `eve@other-${domain}` });
    const { user: sub } = await createTestUser({ email: `sub@eng.${domain}` });
    for (const u of [unverified, elsewhere, sub]) expect(await autoJoinVerifiedDomains(u.id)).toEqual([]);
    expect(await autoJoinVerifiedDomains("usr_does_not_exist")).toEqual([]);
    expect(await db.workspaceMember.count({ where: { workspaceId: t.workspace.id } })).toBe(3);
  });

  it("concurrent calls join once", async () => {
    const domain = uniqueDomain();
    const t = await tenant();
    await createTestDomain({ workspaceId: t.workspace.id, domain, verified: true });
    await db.workspace.update({ where: { id: t.workspace.id }, data: { autoJoinVerifiedDomains: true } });
    const { user } = await createTestUser({ email: `cy@${domain}` });
    const results = await Promise.all([autoJoinVerifiedDomains(user.id), autoJoinVerifiedDomains(user.id)]);
    expect(results.flat()).toEqual([t.workspace.id]);
    expect(await db.auditLog.count({ where: { workspaceId: t.workspace.id, action: "member.auto_join" } })).toBe(1);
  });
});
