// The connect flow end to end against a fake authorization server on 127.0.0.1:
// authorize → provider (auto-approve) → callback → an active connection with sealed tokens.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { getOAuthAccessToken } from "@/lib/connections/oauth";
import { hashState } from "@/lib/connections/oauth/state-store";
import { openTokens } from "@/lib/connections/oauth/token-secret";
import { setLogSink } from "@/lib/core/logger";
import { encryptSecret } from "@/lib/vault";
import { lastAudit, person, tenant } from "@/test/support/world";
import { authorize, callback, connect, connectionRow, projectHeaders, scopeOf, startProviders, visitProvider, type FakeOAuthServer } from "./helpers";

let providers: Awaited<ReturnType<typeof startProviders>>;
let fake: FakeOAuthServer;
const logs: string[] = [];

beforeAll(async () => {
  providers = await startProviders();
  fake = providers.fake;
  setLogSink((line) => logs.push(line));
});
afterAll(async () => {
  setLogSink(null);
  await providers.stop();
});

describe("connect Google Workspace", () => {
  it("builds a PKCE + state authorization URL with the chosen scopes and offline access", async () => {
    const t = await tenant();
    const res = await authorize("google", projectHeaders(t.admin, t), { name: "Team mailbox", scopes: ["gmail.readonly", "gmail.send", "drive", "sheets", "calendar"] });
    expect(res.status).toBe(201);
    const url = new URL(res.json.authorizationUrl);
    expect(`${url.origin}${url.pathname}`).toBe(fake.urls.authorize);
    const q = url.searchParams;
    expect(q.get("client_id")).toBe("test-connections-client");
    expect(q.get("redirect_uri")).toBe("http://localhost/v1/connections/google/callback");
    expect(q.get("response_type")).toBe("code");
    expect(q.get("code_challenge_method")).toBe("S256");
    expect(q.get("code_challenge")).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(q.get("access_type")).toBe("offline");
    expect(q.get("prompt")).toBe("consent");
    expect(q.get("scope")!.split(" ")).toEqual([
      "openid",
      "email",
      "https://www.googleapis.com/auth/gmail.readonly",
      "https://www.googleapis.com/auth/gmail.send",
      "https://www.googleapis.com/auth/drive",
      "https://www.googleapis.com/auth/spreadsheets",
      "https://www.googleapis.com/auth/calendar",
    ]);
    // Only the hash of state is stored; the verifier is sealed in the vault.
    const state = q.get("state")!;
    const row = await db.oAuthState.findFirstOrThrow({ where: { workspaceId: t.workspace.id } });
    expect(row).toMatchObject({ stateHash: hashState(state), userId: t.admin.id, projectId: t.project.id, provider: "google", usedAt: null, connectionId: null });
    expect(row.stateHash).not.toContain(state);
    expect(Buffer.from(row.payload).toString("latin1")).not.toMatch(/codeVerifier|Team mailbox/);
    expect(row.expiresAt.getTime() - Date.now()).toBeGreaterThan(9 * 60_000);
    expect(row.expiresAt.getTime() - Date.now()).toBeLessThanOrEqual(10 * 60_000);
  });

  it("completes: an active oauth2 connection with encrypted tokens, audited, redirected with ?connected", async () => {
    const t = await tenant();
    logs.length = 0;
    const started = await authorize("google", projectHeaders(t.admin, t), { name: "Sales inbox", environment: "sandbox", scopes: ["gmail.readonly"], returnTo: "/w/x/projects/default/connections?tab=oauth" });
    const back = await callback("google", await visitProvider(started.json.authorizationUrl), t.admin.cookie);
    expect(back.error).toBeNull();
    expect(back.location.pathname).toBe("/w/x/projects/default/connections");
    expect(back.location.searchParams.get("tab")).toBe("oauth");
    const id = back.connected!;
    const row = await connectionRow(id);
    expect(row).toMatchObject({ workspaceId: t.workspace.id, projectId: t.project.id, name: "Sales inbox", type: "oauth2", provider: "google", environment: "sandbox", status: "active", statusReason: null, createdById: t.admin.id });
    expect(row.scopes).toEqual(["openid", "email", "https://www.googleapis.com/auth/gmail.readonly"]);
    expect(row.config).toMatchObject({ scopeKeys: ["gmail.readonly"], account: { email: fake.account.email, sub: fake.account.sub } });
    expect(row.accessTokenExpiresAt!.getTime() - Date.now()).toBeGreaterThan(3500_000);

    const tokens = (await openTokens(row))!;
    expect(tokens.tokenType).toBe("bearer");
    expect(tokens.refreshToken).toMatch(/^fake_rt_/);
    expect(tokens.idToken).toBeTruthy();
    expect(fake.isLiveAccessToken(tokens.accessToken)).toBe(true);
    // The column holds ciphertext only.
    const raw = Buffer.from(row.secret!).toString("latin1");
    for (const s of [tokens.accessToken, tokens.refreshToken!, "accessToken"]) expect(raw).not.toContain(s);
    expect(await getOAuthAccessToken(scopeOf(t), id)).toBe(tokens.accessToken);

    const audit = await lastAudit(t.workspace.id, "connection.oauth_connected");
    expect(audit).toMatchObject({ targetId: id, actorId: t.admin.id, projectId: t.project.id });
    // No token in the URL, the audit table or the logs.
    const audits = JSON.stringify(await db.auditLog.findMany({ where: { workspaceId: t.workspace.id } }));
    for (const s of [tokens.accessToken, tokens.refreshToken!, tokens.idToken!]) {
      expect(back.location.toString()).not.toContain(s);
      expect(audits).not.toContain(s);
      expect(logs.join("\n")).not.toContain(s);
    }
    expect((await db.oAuthState.findFirstOrThrow({ where: { workspaceId: t.workspace.id } })).usedAt).not.toBeNull();
  });

  it("the default return path is the project's Connections page", async () => {
    const t = await tenant();
    const started = await authorize("google", projectHeaders(t.owner, t), { name: "x", scopes: ["calendar.readonly"] });
    const back = await callback("google", await visitProvider(started.json.authorizationUrl), t.owner.cookie);
    expect(back.location.pathname).toBe(`/w/${t.slug}/projects/default/connections`);
    expect(back.connected).toMatch(/^conn_/);
  });
});

describe("callback rejections", () => {
  it("a reused state is refused; the first use stands", async () => {
    const t = await tenant();
    const started = await authorize("google", projectHeaders(t.admin, t), { name: "once", scopes: ["drive.readonly"] });
    const cb = await visitProvider(started.json.authorizationUrl);
    expect((await callback("google", cb, t.admin.cookie)).connected).toBeTruthy();
    const again = await callback("google", cb, t.admin.cookie);
    expect(again.error).toBe("invalid_state");
    expect(await db.connection.count({ where: { projectId: t.project.id } })).toBe(1);
  });

  it("unknown, missing and expired states are refused", async () => {
    const t = await tenant();
    const unknown = await callback("google", new URL("http://localhost/v1/connections/google/callback?code=abc&state=nope"), t.admin.cookie);
    expect(unknown).toMatchObject({ error: "invalid_state", connected: null });
    expect(unknown.location.pathname).toBe("/");
    expect((await callback("google", new URL("http://localhost/v1/connections/google/callback?code=abc"), t.admin.cookie)).error).toBe("invalid_state");

    const started = await authorize("google", projectHeaders(t.admin, t), { name: "late", scopes: ["drive.readonly"] });
    const cb = await visitProvider(started.json.authorizationUrl);
    await db.oAuthState.updateMany({ where: { stateHash: hashState(cb.searchParams.get("state")!) }, data: { expiresAt: new Date(Date.now() - 1000) } });
    const expired = await callback("google", cb, t.admin.cookie);
    expect(expired.error).toBe("invalid_state");
    expect(expired.location.pathname).toBe(`/w/${t.slug}/projects/default/connections`);
    expect(await db.connection.count({ where: { projectId: t.project.id } })).toBe(0);
  });

  it("a state of the other provider is refused", async () => {
    const t = await tenant();
    const started = await authorize("google", projectHeaders(t.admin, t), { name: "cross", scopes: ["drive.readonly"] });
    const cb = await visitProvider(started.json.authorizationUrl);
    const wrong = new URL(cb.toString().replace("/google/", "/linkedin/"));
    expect((await callback("linkedin", wrong, t.admin.cookie)).error).toBe("invalid_state");
  });

  it("another user's session, or none, is refused without spending the state", async () => {
    const t = await tenant();
    const started = await authorize("google", projectHeaders(t.admin, t), { name: "mine", scopes: ["drive.readonly"] });
    const cb = await visitProvider(started.json.authorizationUrl);
    expect((await callback("google", cb, t.owner.cookie)).error).toBe("session_mismatch");
    expect((await callback("google", cb, (await person()).cookie)).error).toBe("session_mismatch");
    expect((await callback("google", cb)).error).toBe("session_mismatch");
    expect(await db.connection.count({ where: { projectId: t.project.id } })).toBe(0);
    expect((await callback("google", cb, t.admin.cookie)).connected).toBeTruthy();
  });

  it("a wrong PKCE verifier is rejected by the token endpoint", async () => {
    const t = await tenant();
    const started = await authorize("google", projectHeaders(t.admin, t), { name: "pkce", scopes: ["drive.readonly"] });
    const cb = await visitProvider(started.json.authorizationUrl);
    const row = await db.oAuthState.findFirstOrThrow({ where: { stateHash: hashState(cb.searchParams.get("state")!) } });
    const forged = { codeVerifier: "x".repeat(43), redirectUri: "http://localhost/v1/connections/google/callback", name: "pkce", environment: "production", scopeKeys: ["drive.readonly"], scopes: ["openid"] };
    const payload = await encryptSecret({ workspaceId: row.workspaceId, table: "OAuthState", rowId: row.id, column: "payload" }, JSON.stringify(forged));
    await db.oAuthState.update({ where: { id: row.id }, data: { payload } });
    const exchanges = fake.state.codeExchanges;
    expect((await callback("google", cb, t.admin.cookie)).error).toBe("token_exchange_failed");
    expect(fake.state.codeExchanges).toBe(exchanges + 1);
    expect(await db.connection.count({ where: { projectId: t.project.id } })).toBe(0);
  });

  it("the user declining consent (error=access_denied) comes back with oauth_error=access_denied", async () => {
    const t = await tenant();
    const started = await authorize("google", projectHeaders(t.admin, t), { name: "declined", scopes: ["drive.readonly"] });
    fake.state.denyNext = true;
    const cb = await visitProvider(started.json.authorizationUrl);
    expect(cb.searchParams.get("code")).toBeNull();
    const back = await callback("google", cb, t.admin.cookie);
    expect(back.error).toBe("access_denied");
    expect(await db.connection.count({ where: { projectId: t.project.id } })).toBe(0);
  });

  it("a user who lost connection.manage meanwhile is refused", async () => {
    const t = await tenant();
    const started = await authorize("google", projectHeaders(t.admin, t), { name: "demoted", scopes: ["drive.readonly"] });
    const cb = await visitProvider(started.json.authorizationUrl);
    await db.workspaceMember.update({ where: { workspaceId_userId: { workspaceId: t.workspace.id, userId: t.admin.id } }, data: { role: "member" } });
    expect((await callback("google", cb, t.admin.cookie)).error).toBe("forbidden");
    expect(await db.connection.count({ where: { projectId: t.project.id } })).toBe(0);
  });

  it("a name taken while the flow was open comes back as name_taken", async () => {
    const t = await tenant();
    const a = await authorize("google", projectHeaders(t.admin, t), { name: "dup", scopes: ["drive.readonly"] });
    const b = await authorize("google", projectHeaders(t.admin, t), { name: "dup", scopes: ["drive.readonly"] });
    expect((await callback("google", await visitProvider(a.json.authorizationUrl), t.admin.cookie)).connected).toBeTruthy();
    expect((await callback("google", await visitProvider(b.json.authorizationUrl), t.admin.cookie)).error).toBe("name_taken");
  });
});

describe("connect LinkedIn (endpoints from discovery)", () => {
  it("completes the same way", async () => {
    const t = await tenant();
    const id = await connect("linkedin", t.admin, t, { name: "Company page", scopes: ["w_organization_social", "r_organization_social"] });
    const row = await connectionRow(id);
    expect(row).toMatchObject({ provider: "linkedin", type: "oauth2", status: "active" });
    expect(row.scopes).toEqual(["openid", "profile", "email", "w_organization_social", "r_organization_social"]);
    expect(fake.state.lastAuthorizeParams!.get("access_type")).toBeNull();
  });

  it("accepts a token response without token_type (LinkedIn's classic endpoint) as bearer", async () => {
    const t = await tenant();
    fake.state.omitTokenType = true;
    try {
      const id = await connect("linkedin", t.admin, t, { name: "No type", scopes: ["r_ads"] });
      expect((await openTokens(await connectionRow(id)))!.tokenType).toBe("bearer");
    } finally {
      fake.state.omitTokenType = false;
    }
  });
});

describe("reconnect in place", () => {
  it("same connection id, new tokens, active again, audited", async () => {
    const t = await tenant();
    const id = await connect("google", t.admin, t, { name: "Ops calendar", scopes: ["calendar"] });
    const before = (await openTokens(await connectionRow(id)))!;
    await db.connection.update({ where: { id }, data: { status: "needs_reconnect", statusReason: "revoked" } });

    const started = await authorize("google", projectHeaders(t.admin, t), { connectionId: id });
    expect(started.status).toBe(201);
    const url = new URL(started.json.authorizationUrl);
    expect(url.searchParams.get("login_hint")).toBe(fake.account.email);
    expect(url.searchParams.get("scope")).toContain("https://www.googleapis.com/auth/calendar");
    const back = await callback("google", await visitProvider(started.json.authorizationUrl), t.admin.cookie);
    expect(back.connected).toBe(id);

    const row = await connectionRow(id);
    expect(row).toMatchObject({ id, name: "Ops calendar", status: "active", statusReason: null, secretVersion: 2 });
    const after = (await openTokens(row))!;
    expect(after.accessToken).not.toBe(before.accessToken);
    expect(after.refreshToken).not.toBe(before.refreshToken);
    expect(await db.connection.count({ where: { projectId: t.project.id } })).toBe(1);
    expect(await lastAudit(t.workspace.id, "connection.reconnected")).toMatchObject({ targetId: id, actorId: t.admin.id });
  });
});
