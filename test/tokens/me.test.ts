import { beforeAll, describe, expect, it } from "vitest";
import { GET as meRoute } from "@/app/v1/me/route";
import { db } from "@/lib/db/client";
import { createTestToken } from "@/test/factories/tokens";
import { invoke, expectErrorShape, sessionHeaders, tokenHeaders } from "@/test/support/http";
import { createWorld, type World } from "@/test/security/world";
import { addMember } from "@/test/factories/tenancy";

let w: World;
beforeAll(async () => {
  w = await createWorld();
  // The tenant-A owner is also a member of tenant B.
  await addMember({ workspaceId: w.b.workspace.id, userId: w.a.users.owner.id, role: "member" });
});

const me = (headers: Record<string, string>) => invoke(meRoute, { path: "/v1/me", headers });

describe("GET /v1/me", () => {
  it("with a session: the user and every workspace with its role, no token", async () => {
    const user = w.a.users.owner;
    const { res, body } = await me(await sessionHeaders(user.id));
    expect(res.status).toBe(200);
    expect(res.headers.get("cache-control")).toBe("no-store");
    expect(body.user).toEqual({ id: user.id, email: user.email, name: "owner", emailVerified: true });
    expect(body.workspaces).toEqual([
      { id: w.a.workspace.id, slug: w.a.workspace.slug, name: w.a.workspace.name, role: "owner" },
      { id: w.b.workspace.id, slug: w.b.workspace.slug, name: w.b.workspace.name, role: "member" },
    ]);
    expect(body.token).toBeNull();
    expect(body.user).not.toHaveProperty("passwordHash");
  });

  it("with a token: only the token's workspace, and the token's id, scopes and project restriction", async () => {
    const user = w.a.users.owner;
    const expiresAt = new Date(Date.now() + 86_400_000);
    const { token, row } = await createTestToken({ userId: user.id, workspaceId: w.a.workspace.id, scopes: ["workflow:read"], projectId: w.a.own.id, expiresAt, name: "ci" });
    const { res, body } = await me(tokenHeaders(token));
    expect(res.status).toBe(200);
    expect(body.workspaces).toEqual([{ id: w.a.workspace.id, slug: w.a.workspace.slug, name: w.a.workspace.name, role: "owner" }]);
    expect(body.token).toEqual({
      id: row.id,
      name: "ci",
      scopes: ["workflow:read"],
      workspace: { id: w.a.workspace.id, slug: w.a.workspace.slug, name: w.a.workspace.name },
      project: { id: w.a.own.id, slug: w.a.own.slug, name: w.a.own.name },
      expiresAt: expiresAt.toISOString(),
    });
    expect(JSON.stringify(body)).not.toContain(token);
  });

  it("reports an unverified email as false", async () => {
    const user = w.a.users.member_none;
    await db.user.update({ where: { id: user.id }, data: { emailVerified: null } });
    const { body } = await me(await sessionHeaders(user.id));
    expect(body.user.emailVerified).toBe(false);
  });

  it("401 without credentials, with a malformed token, and with a revoked one", async () => {
    const anon = await me({});
    expect(anon.res.status).toBe(401);
    expectErrorShape(anon.body, anon.res, "unauthorized");
    expect((await me(tokenHeaders("ar_pat_nope"))).res.status).toBe(401);
    expect((await me({ authorization: "Basic abc" })).res.status).toBe(401);
    const { token, row } = await createTestToken({ userId: w.a.users.owner.id, workspaceId: w.a.workspace.id });
    await db.apiToken.update({ where: { id: row.id }, data: { revokedAt: new Date() } });
    expect((await me(tokenHeaders(token))).res.status).toBe(401);
  });

  it("an automation token is not accepted on the REST API", async () => {
    const { token } = await createTestToken({ userId: w.a.users.owner.id, workspaceId: w.a.workspace.id, kind: "automation" });
    expect((await me(tokenHeaders(token))).res.status).toBe(401);
  });
});
