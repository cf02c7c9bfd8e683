// Token use: refresh ahead of expiry, refresh on a 401, one refresh under concurrency,
// revoked grants → needs_reconnect, transient failures → retryable, rotated refresh tokens.
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import {
  getOAuthAccessToken,
  OAuthConnectionUnavailableError,
  OAuthReconnectRequiredError,
  OAuthRefreshError,
  withOAuthAccess,
} from "@/lib/connections/oauth";
import { openTokens } from "@/lib/connections/oauth/token-secret";
import { setLogSink } from "@/lib/core/logger";
import { lastAudit, tenant, type Tenant } from "@/test/support/world";
import { connect, connectionRow, scopeOf, startProviders, type FakeOAuthServer } from "./helpers";

let providers: Awaited<ReturnType<typeof startProviders>>;
let fake: FakeOAuthServer;
const logs: string[] = [];
const issued = new Set<string>();

beforeAll(async () => {
  providers = await startProviders();
  fake = providers.fake;
  setLogSink((line) => logs.push(line));
});
afterEach(() => {
  Object.assign(fake.state, { failRefresh: null, refreshDelayMs: 0, rotateRefreshTokens: false });
});
afterAll(async () => {
  setLogSink(null);
  await providers.stop();
});

async function connected(t?: Tenant) {
  const tt = t ?? (await tenant());
  const id = await connect("google", tt.admin, tt);
  return { t: tt, id, scope: scopeOf(tt) };
}
const tokensOf = async (id: string) => {
  const tokens = (await openTokens(await connectionRow(id)))!;
  [tokens.accessToken, tokens.refreshToken].forEach((v) => v && issued.add(v));
  return tokens;
};
const expireIn = (id: string, ms: number) => db.connection.update({ where: { id }, data: { accessTokenExpiresAt: new Date(Date.now() + ms) } });
const callResource = (token: string) => fetch(fake.urls.resource, { headers: { authorization: `Bearer ${token}` } });

describe("getOAuthAccessToken", () => {
  it("returns the stored token while it has more than a minute left, without calling the provider", async () => {
    const { id, scope } = await connected();
    const calls = fake.state.refreshCalls;
    expect(await getOAuthAccessToken(scope, id)).toBe((await tokensOf(id)).accessToken);
    expect(fake.state.refreshCalls).toBe(calls);
  });

  it("refreshes ahead of expiry (< 60 s left) and keeps the refresh token the provider did not rotate", async () => {
    const { id, scope } = await connected();
    const before = await tokensOf(id);
    await expireIn(id, 30_000);
    const calls = fake.state.refreshCalls;
    const token = await getOAuthAccessToken(scope, id);
    expect(fake.state.refreshCalls).toBe(calls + 1);
    expect(token).not.toBe(before.accessToken);
    expect(fake.isLiveAccessToken(token)).toBe(true);
    const row = await connectionRow(id);
    expect(row.accessTokenExpiresAt!.getTime() - Date.now()).toBeGreaterThan(3500_000);
    expect(Date.now() - row.lastValidatedAt!.getTime()).toBeLessThan(5000);
    expect(Buffer.from(row.secret!).toString("latin1")).not.toContain(token);
    const after = await tokensOf(id);
    expect(after).toMatchObject({ accessToken: token, refreshToken: before.refreshToken, idToken: before.idToken });
    expect(await getOAuthAccessToken(scope, id)).toBe(token);
    expect(fake.state.refreshCalls).toBe(calls + 1);
  });

  it("stores a rotated refresh token", async () => {
    const { id, scope } = await connected();
    const before = await tokensOf(id);
    fake.state.rotateRefreshTokens = true;
    await expireIn(id, -1000);
    await getOAuthAccessToken(scope, id);
    const after = await tokensOf(id);
    expect(after.refreshToken).not.toBe(before.refreshToken);
    expect(fake.isLiveRefreshToken(after.refreshToken!)).toBe(true);
    expect(fake.isLiveRefreshToken(before.refreshToken!)).toBe(false);
    // The rotated one works for the next refresh.
    await expireIn(id, -1000);
    expect(fake.isLiveAccessToken(await getOAuthAccessToken(scope, id))).toBe(true);
  });

  it("20 concurrent callers on an expired token → exactly one refresh reaches the token endpoint", async () => {
    const { id, scope } = await connected();
    await expireIn(id, -5000);
    fake.state.refreshDelayMs = 150;
    const calls = fake.state.refreshCalls;
    const tokens = await Promise.all(Array.from({ length: 20 }, () => getOAuthAccessToken(scope, id)));
    expect(fake.state.refreshCalls).toBe(calls + 1);
    expect(new Set(tokens).size).toBe(1);
    expect(fake.isLiveAccessToken(tokens[0])).toBe(true);
    expect((await tokensOf(id)).accessToken).toBe(tokens[0]);
  });

  it("a revoked grant (invalid_grant) marks the connection needs_reconnect with a reason, audited, and stops calling the provider", async () => {
    const { t, id, scope } = await connected();
    fake.state.failRefresh = "invalid_grant";
    await expireIn(id, -1000);
    const calls = fake.state.refreshCalls;
    const err = await getOAuthAccessToken(scope, id).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OAuthReconnectRequiredError);
    expect((err as OAuthReconnectRequiredError).retryable).toBe(false);
    expect((err as Error).message).toMatch(/reconnect/i);
    const row = await connectionRow(id);
    expect(row.status).toBe("needs_reconnect");
    expect(row.statusReason).toMatch(/invalid_grant/);
    const audit = await lastAudit(t.workspace.id, "connection.needs_reconnect");
    expect(audit).toMatchObject({ targetId: id, actorType: "system" });
    expect(JSON.stringify(audit)).not.toContain((await tokensOf(id)).refreshToken!);
    await expect(getOAuthAccessToken(scope, id)).rejects.toBeInstanceOf(OAuthReconnectRequiredError);
    expect(fake.state.refreshCalls).toBe(calls + 1);
  });

  it("a revocation at the provider (refresh token gone) is treated the same way", async () => {
    const { id, scope } = await connected();
    fake.revokeAll();
    await expireIn(id, -1000);
    await expect(getOAuthAccessToken(scope, id)).rejects.toBeInstanceOf(OAuthReconnectRequiredError);
    expect((await connectionRow(id)).status).toBe("needs_reconnect");
  });

  it("a provider outage (503) is retryable and changes nothing permanent", async () => {
    const { id, scope } = await connected();
    fake.state.failRefresh = "server_error";
    await expireIn(id, -1000);
    const err = await getOAuthAccessToken(scope, id).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OAuthRefreshError);
    expect((err as OAuthRefreshError).retryable).toBe(true);
    expect((err as Error).message).toMatch(/HTTP 503/);
    expect(await connectionRow(id)).toMatchObject({ status: "active", statusReason: null });
    fake.state.failRefresh = null;
    expect(fake.isLiveAccessToken(await getOAuthAccessToken(scope, id))).toBe(true);
  });

  it("an unreachable token endpoint is retryable too", async () => {
    const { id, scope } = await connected();
    await expireIn(id, -1000);
    const tokenUrl = process.env.GOOGLE_OAUTH_TOKEN_URL;
    process.env.GOOGLE_OAUTH_TOKEN_URL = "http://127.0.0.1:9/token";
    try {
      await expect(getOAuthAccessToken(scope, id)).rejects.toBeInstanceOf(OAuthRefreshError);
    } finally {
      process.env.GOOGLE_OAUTH_TOKEN_URL = tokenUrl;
    }
    expect((await connectionRow(id)).status).toBe("active");
  });

  it("another project's or tenant's scope cannot use the connection", async () => {
    const { t, id } = await connected();
    const other = await tenant();
    await expect(getOAuthAccessToken(scopeOf(t, t.other), id)).rejects.toBeInstanceOf(OAuthConnectionUnavailableError);
    await expect(getOAuthAccessToken(scopeOf(other), id)).rejects.toBeInstanceOf(OAuthConnectionUnavailableError);
  });
});

describe("withOAuthAccess", () => {
  it("on a 401 from the upstream, refreshes once and retries with the new token", async () => {
    const { id, scope } = await connected();
    fake.expireAccessTokens(); // the provider no longer accepts it, though our row says it is valid
    const calls = fake.state.refreshCalls;
    const seen: string[] = [];
    const res = await withOAuthAccess(scope, id, async (token) => {
      seen.push(token);
      return callResource(token);
    });
    expect(res.status).toBe(200);
    expect(seen).toHaveLength(2);
    expect(seen[1]).not.toBe(seen[0]);
    expect(fake.state.refreshCalls).toBe(calls + 1);
  });

  it("an error carrying status 401 triggers the same single retry; a second 401 is returned as is", async () => {
    const { id, scope } = await connected();
    fake.expireAccessTokens();
    let attempts = 0;
    const out = await withOAuthAccess(scope, id, async (token) => {
      attempts++;
      const res = await callResource(token);
      if (res.status === 401) throw Object.assign(new Error("upstream 401"), { status: 401 });
      return res.json();
    });
    expect(out).toMatchObject({ ok: true });
    expect(attempts).toBe(2);

    fake.expireAccessTokens();
    let tries = 0;
    const calls = fake.state.refreshCalls;
    const res = await withOAuthAccess(scope, id, async () => {
      tries++;
      return new Response("no", { status: 401 });
    });
    expect(res.status).toBe(401);
    expect(tries).toBe(2);
    expect(fake.state.refreshCalls).toBe(calls + 1);
  });

  it("concurrent 401s share one refresh", async () => {
    const { id, scope } = await connected();
    fake.expireAccessTokens();
    fake.state.refreshDelayMs = 100;
    const calls = fake.state.refreshCalls;
    const results = await Promise.all(Array.from({ length: 8 }, () => withOAuthAccess(scope, id, callResource)));
    expect(results.every((r) => r.status === 200)).toBe(true);
    expect(fake.state.refreshCalls).toBe(calls + 1);
  });

  it("other errors pass through without a refresh", async () => {
    const { id, scope } = await connected();
    const calls = fake.state.refreshCalls;
    await expect(withOAuthAccess(scope, id, async () => Promise.reject(new Error("boom")))).rejects.toThrow("boom");
    expect(fake.state.refreshCalls).toBe(calls);
  });
});

describe("secrets stay secret", () => {
  it("no access or refresh token seen in this file reached the logs or an error message", async () => {
    const { id, scope } = await connected();
    fake.state.failRefresh = "server_error";
    await tokensOf(id);
    await expireIn(id, -1000);
    const err = (await getOAuthAccessToken(scope, id).catch((e: unknown) => e)) as Error;
    expect(issued.size).toBeGreaterThan(10);
    expect(logs.length).toBeGreaterThan(0);
    const text = logs.join("\n") + err.message;
    for (const token of issued) expect(text).not.toContain(token);
  });
});
