// Token promises that must hold on the very next request: revocation, expiry, demotion of
// the owner, project restriction, and early rejection of malformed tokens.
import { beforeAll, describe, expect, it } from "vitest";
import { GET as auditRoute } from "@/app/v1/audit/route";
import { GET as meRoute } from "@/app/v1/me/route";
import { DELETE as revokeRoute } from "@/app/v1/tokens/[id]/route";
import { GET as getProjectRoute, PATCH as patchProjectRoute } from "@/app/v1/projects/[id]/route";
import { db } from "@/lib/db/client";
import { newId } from "@/lib/core/ids";
import { hashToken, isWellFormedToken } from "@/lib/tokens/format";
import { createTestToken } from "@/test/factories/tokens";
import { invoke, expectErrorShape, sessionHeaders, tokenHeaders } from "@/test/support/http";
import { createWorld, type World } from "@/test/security/world";

let w: World;
beforeAll(async () => {
  w = await createWorld();
});

const me = (token: string) => invoke(meRoute, { path: "/v1/me", headers: tokenHeaders(token) });
const audit = (token: string) => invoke(auditRoute, { path: "/v1/audit", headers: tokenHeaders(token) });
const getProject = (token: string, id: string) => invoke(getProjectRoute, { path: `/v1/projects/${id}`, headers: tokenHeaders(token), params: { id } });
const patchProject = (token: string, p: { id: string; name: string }) =>
  invoke(patchProjectRoute, { method: "PATCH", path: `/v1/projects/${p.id}`, headers: tokenHeaders(token), params: { id: p.id }, body: { name: p.name } });

describe("revocation and expiry apply to the very next request", () => {
  it("revoked through the API → the next call is 401", async () => {
    const { token, row } = await createTestToken({ userId: w.a.users.member_none.id, workspaceId: w.a.workspace.id });
    expect((await me(token)).res.status).toBe(200);
    const r = await invoke(revokeRoute, { method: "DELETE", path: `/v1/tokens/${row.id}`, headers: await sessionHeaders(w.a.users.member_none.id, w.a.workspace.slug), params: { id: row.id } });
    expect(r.res.status).toBe(200);
    const next = await me(token);
    expect(next.res.status).toBe(401);
    expectErrorShape(next.body, next.res, "unauthorized");
  });

  it("expired in the database → the next call is 401", async () => {
    const { token, row } = await createTestToken({ userId: w.a.users.owner.id, workspaceId: w.a.workspace.id, expiresAt: new Date(Date.now() + 86_400_000) });
    expect((await me(token)).res.status).toBe(200);
    await db.apiToken.update({ where: { id: row.id }, data: { expiresAt: new Date(Date.now() - 1) } });
    const next = await me(token);
    expect(next.res.status).toBe(401);
    expect(next.body.error.message).toMatch(/expired/i);
  });

  it("expiring by the clock → 200 just before, 401 just after", async () => {
    const { token } = await createTestToken({ userId: w.a.users.owner.id, workspaceId: w.a.workspace.id, expiresAt: new Date(Date.now() + 1000) });
    expect((await me(token)).res.status).toBe(200);
    await new Promise((r) => setTimeout(r, 1100));
    expect((await me(token)).res.status).toBe(401);
  });
});

describe("a token's rights are its scopes ∩ its owner's current role", () => {
  it("demoting the owner narrows the token on the next call; removal makes the workspace vanish", async () => {
    const user = w.a.users.tenant_admin;
    const { token } = await createTestToken({ userId: user.id, workspaceId: w.a.workspace.id });
    expect((await audit(token)).res.status).toBe(200);
    await db.workspaceMember.update({ where: { workspaceId_userId: { workspaceId: w.a.workspace.id, userId: user.id } }, data: { role: "member" } });
    const demoted = await audit(token);
    expect(demoted.res.status).toBe(403);
    expectErrorShape(demoted.body, demoted.res, "forbidden");
    await db.workspaceMember.delete({ where: { workspaceId_userId: { workspaceId: w.a.workspace.id, userId: user.id } } });
    expect((await audit(token)).res.status).toBe(404);
  });

  it("demoting a project admin to viewer narrows project actions; losing the project makes it 404", async () => {
    const user = w.a.users.member_project_admin;
    const { token } = await createTestToken({ userId: user.id, workspaceId: w.a.workspace.id });
    expect((await patchProject(token, w.a.own)).res.status).toBe(200);
    const key = { projectId_userId: { projectId: w.a.own.id, userId: user.id } };
    await db.projectMember.update({ where: key, data: { role: "project_viewer" } });
    expect((await patchProject(token, w.a.own)).res.status).toBe(403);
    expect((await getProject(token, w.a.own.id)).res.status).toBe(200);
    await db.projectMember.delete({ where: key });
    expect((await getProject(token, w.a.own.id)).res.status).toBe(404);
  });

  it("a token restricted to project A gets 404 for project B, even as owner", async () => {
    const { token } = await createTestToken({ userId: w.a.users.owner.id, workspaceId: w.a.workspace.id, projectId: w.a.own.id });
    expect((await getProject(token, w.a.own.id)).res.status).toBe(200);
    const b = await getProject(token, w.a.other.id);
    expect(b.res.status).toBe(404);
    expectErrorShape(b.body, b.res, "not_found");
    expect((await getProject(token, w.a.other.slug)).res.status).toBe(404);
  });
});

describe("malformed tokens are rejected before any lookup", () => {
  it("a bad checksum is a 401 even when a row with exactly that token's hash exists", async () => {
    const { token, row } = await createTestToken({ userId: w.a.users.owner.id, workspaceId: w.a.workspace.id });
    const body = token.slice(7, 7 + 32);
    const forged = `ar_pat_${body}${token.slice(-6) === "000000" ? "000001" : "000000"}`;
    expect(isWellFormedToken(forged, "pat")).toBe(false);
    // Plant a live row whose hash matches the forged value: only a lookup could accept it.
    await db.apiToken.create({
      data: { id: newId("token"), workspaceId: w.a.workspace.id, userId: w.a.users.owner.id, name: "planted", scopes: row.scopes, tokenHash: hashToken(forged), prefix: forged.slice(0, 13) },
    });
    const r = await me(forged);
    expect(r.res.status).toBe(401);
    expectErrorShape(r.body, r.res, "unauthorized");
    expect((await me(token)).res.status).toBe(200);
  });

  it.each([
    ["wrong prefix", (t: string) => t.replace("ar_pat_", "ar_agt_")],
    ["too short", (t: string) => t.slice(0, -1)],
    ["too long", (t: string) => `${t}A`],
    ["non-base62", (t: string) => `${t.slice(0, 10)}-${t.slice(11)}`],
    ["lower-cased", (t: string) => t.toLowerCase()],
  ])("%s → 401", async (_label, mutate) => {
    const { token } = await createTestToken({ userId: w.a.users.owner.id, workspaceId: w.a.workspace.id });
    const mutated = mutate(token);
    if (mutated === token) return;
    expect((await me(mutated)).res.status).toBe(401);
  });
});
