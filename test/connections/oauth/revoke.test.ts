// Deleting or reconnecting an OAuth connection revokes its tokens at the provider (RFC 7009,
// the fake server's /revoke) — unless another connection of the workspace holds the same grant.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { DELETE as deleteRoute } from "@/app/v1/connections/[id]/route";
import { openTokens, sealTokens } from "@/lib/connections/oauth/token-secret";
import { newId } from "@/lib/core/ids";
import { call } from "@/test/support/http";
import { tenant, type Tenant } from "@/test/support/world";
import { authorize, callback, connect, connectionRow, projectHeaders, startProviders, visitProvider, type FakeOAuthServer } from "./helpers";

let providers: Awaited<ReturnType<typeof startProviders>>;
let fake: FakeOAuthServer;
beforeAll(async () => {
  providers = await startProviders();
  fake = providers.fake;
});
afterAll(async () => {
  await providers.stop();
});

const remove = (t: Tenant, id: string, project = t.project) => call(deleteRoute, `/v1/connections/${id}`, { method: "DELETE", headers: projectHeaders(t.admin, t, project), params: { id } });
const revokeAudit = (id: string) => db.auditLog.findMany({ where: { action: "connection.oauth_revoke", targetId: id } });
const live = (tk: { accessToken: string; refreshToken: string | null }) => ({ access: fake.isLiveAccessToken(tk.accessToken), refresh: fake.isLiveRefreshToken(tk.refreshToken ?? "") });

describe("OAuth token revocation", () => {
  it("deleting a connection revokes its refresh and access tokens at the provider, audited", async () => {
    const t = await tenant();
    const id = await connect("google", t.admin, t);
    const tokens = (await openTokens(await connectionRow(id)))!;
    expect(live(tokens)).toEqual({ access: true, refresh: true });
    expect((await remove(t, id)).status).toBe(204);
    expect(live(tokens)).toEqual({ access: false, refresh: false });
    expect(await revokeAudit(id)).toEqual([expect.objectContaining({ workspaceId: t.workspace.id, actorId: t.admin.id, metadata: expect.objectContaining({ provider: "google", outcome: "revoked" }) })]);
  });

  it("not while another connection of the workspace holds the same grant; the last one to go revokes it", async () => {
    const t = await tenant();
    const id = await connect("google", t.admin, t);
    const row = await connectionRow(id);
    const tokens = (await openTokens(row))!;
    // A second connection (in the other project) with the same grant.
    const twinId = newId("connection");
    await db.connection.create({
      data: { id: twinId, workspaceId: t.workspace.id, projectId: t.other.id, name: "twin", type: "oauth2", provider: "google", status: "active", secret: await sealTokens({ id: twinId, workspaceId: t.workspace.id }, tokens), secretVersion: 1 },
    });
    expect((await remove(t, id)).status).toBe(204);
    expect(live(tokens)).toEqual({ access: true, refresh: true });
    expect((await revokeAudit(id))[0].metadata).toMatchObject({ outcome: "shared" });

    expect((await remove(t, twinId, t.other)).status).toBe(204);
    expect(live(tokens)).toEqual({ access: false, refresh: false });
    expect((await revokeAudit(twinId))[0].metadata).toMatchObject({ outcome: "revoked" });
  });

  it("the same grant in another workspace does not count: it is revoked anyway", async () => {
    const a = await tenant();
    const b = await tenant();
    const id = await connect("google", a.admin, a);
    const tokens = (await openTokens(await connectionRow(id)))!;
    const otherId = newId("connection");
    await db.connection.create({
      data: { id: otherId, workspaceId: b.workspace.id, projectId: b.project.id, name: "copy", type: "oauth2", provider: "google", status: "active", secret: await sealTokens({ id: otherId, workspaceId: b.workspace.id }, tokens), secretVersion: 1 },
    });
    expect((await remove(a, id)).status).toBe(204);
    expect(live(tokens)).toEqual({ access: false, refresh: false });
  });

  it("reconnecting revokes the replaced grant and keeps the new one", async () => {
    const t = await tenant();
    const id = await connect("google", t.admin, t, { name: "Ops", scopes: ["calendar"] });
    const before = (await openTokens(await connectionRow(id)))!;
    const started = await authorize("google", projectHeaders(t.admin, t), { connectionId: id });
    expect(started.status).toBe(201);
    const back = await callback("google", await visitProvider(started.json.authorizationUrl), t.admin.cookie);
    expect(back.connected).toBe(id);
    const after = (await openTokens(await connectionRow(id)))!;
    expect(live(before)).toEqual({ access: false, refresh: false });
    expect(live(after)).toEqual({ access: true, refresh: true });
    expect((await revokeAudit(id))[0].metadata).toMatchObject({ outcome: "revoked" });
  });

  it("a provider that cannot be reached does not stop the deletion; the audit says it failed", async () => {
    const t = await tenant();
    const id = await connect("google", t.admin, t);
    const tokens = (await openTokens(await connectionRow(id)))!;
    const saved = process.env.GOOGLE_OAUTH_REVOKE_URL;
    process.env.GOOGLE_OAUTH_REVOKE_URL = "http://127.0.0.1:9/revoke";
    try {
      expect((await remove(t, id)).status).toBe(204);
    } finally {
      process.env.GOOGLE_OAUTH_REVOKE_URL = saved;
    }
    expect(await db.connection.count({ where: { id } })).toBe(0);
    expect(live(tokens)).toEqual({ access: true, refresh: true });
    expect((await revokeAudit(id))[0].metadata).toMatchObject({ outcome: "failed" });
  });
});
