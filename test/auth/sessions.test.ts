// Console sessions: a new server-side session at every sign-in, sign-out ends it, cookie
// attributes (HttpOnly, SameSite=Lax; Secure + __Secure- in production), audit without secrets.
import { afterEach, describe, expect, it, vi } from "vitest";
import { decode } from "next-auth/jwt";
import { POST as signin } from "@/app/v1/auth/signin/route";
import { POST as signout } from "@/app/v1/auth/signout/route";
import { POST as changePassword } from "@/app/v1/me/password/route";
import { GET as me } from "@/app/v1/me/route";
import { authSecret, sessionCookieName, sessionFromCookies } from "@/lib/auth/session";
import { clearSessionSetCookie, sessionCookieOptions, sessionSetCookie } from "@/lib/auth/session-cookie";
import { authConfig } from "@/lib/auth/next-auth";
import { db } from "@/lib/db/client";
import { newId } from "@/lib/core/ids";
import { createSessionCookie, createTestUser } from "@/test/factories/users";
import { createTestToken } from "@/test/factories/tokens";
import { call, cookieFrom, newIp, requestFor } from "./http";

afterEach(() => {
  vi.unstubAllEnvs();
});

const signIn = (email: string, password: string, headers: Record<string, string> = {}) =>
  call(signin, "/v1/auth/signin", { body: { email, password }, ip: newIp(), headers });

describe("sign-in sessions", () => {
  it("sets an HttpOnly, SameSite=Lax session cookie whose JWT names a Session row", async () => {
    const { user, password } = await createTestUser();
    const res = await signIn(user.email, password);
    expect(res.status).toBe(200);
    const [setCookie] = res.headers.getSetCookie();
    expect(setCookie).toMatch(/^authjs\.session-token=/);
    expect(setCookie).toMatch(/; HttpOnly/);
    expect(setCookie).toMatch(/; SameSite=Lax/);
    expect(setCookie).toMatch(/; Path=\//);
    expect(setCookie).not.toMatch(/; Secure/);
    const raw = cookieFrom(res).split("=")[1];
    const payload = await decode({ token: raw, secret: authSecret(), salt: sessionCookieName() });
    expect(payload?.sub).toBe(user.id);
    const row = await db.session.findUniqueOrThrow({ where: { sessionToken: String(payload?.sid) } });
    expect(row.userId).toBe(user.id);
    expect(row.userAgent).toBe("vitest");
    expect(res.headers.get("cache-control")).toBe("no-store");
  });

  it("creates a new session id at every sign-in", async () => {
    const { user, password } = await createTestUser();
    const ids = new Set<string>();
    for (let i = 0; i < 3; i++) {
      const session = await sessionFromCookies(requestFor(cookieFrom(await signIn(user.email, password))).headers.get("cookie"));
      ids.add(session!.sessionId);
    }
    expect(ids.size).toBe(3);
    expect(await db.session.count({ where: { userId: user.id } })).toBe(3);
  });

  it("audits sign-ins and failures without the password or the session token", async () => {
    const { user, password } = await createTestUser();
    await signIn(user.email, "definitely wrong password");
    const res = await signIn(user.email, password);
    const session = await sessionFromCookies(requestFor(cookieFrom(res)).headers.get("cookie"));
    const rows = await db.auditLog.findMany({ where: { targetId: user.id } });
    expect(rows.map((r) => r.action).sort()).toEqual(["auth.sign_in", "auth.sign_in_failed"]);
    const dump = JSON.stringify(rows);
    expect(dump).not.toContain(password);
    expect(dump).not.toContain("definitely wrong password");
    expect(dump).not.toContain(session!.sessionId);
  });

  it("refuses a cross-site sign-in post (login CSRF) with 403", async () => {
    const { user, password } = await createTestUser();
    const res = await signIn(user.email, password, { origin: "https://evil.example", host: "localhost:3000" });
    expect(res.status).toBe(403);
  });

  it("answers 422 for malformed bodies", async () => {
    for (const body of [{}, { email: "not-an-email", password: "x" }, { email: "a@b.co" }, { email: "a@b.co", password: "x", admin: true }]) {
      expect((await call(signin, "/v1/auth/signin", { body, ip: newIp() })).status).toBe(422);
    }
  });
});

describe("sign-out", () => {
  it("ends the session: the old cookie no longer resolves and /v1/me answers 401", async () => {
    const { user, password } = await createTestUser();
    const cookie = cookieFrom(await signIn(user.email, password));
    expect((await call(me, "/v1/me", { cookie })).status).toBe(200);
    const res = await call(signout, "/v1/auth/signout", { method: "POST", cookie });
    expect(res.status).toBe(204);
    expect(res.headers.getSetCookie()[0]).toMatch(/^authjs\.session-token=; .*Max-Age=0/);
    expect(await sessionFromCookies(requestFor(cookie).headers.get("cookie"))).toBeNull();
    expect((await call(me, "/v1/me", { cookie })).status).toBe(401);
    expect(await db.auditLog.count({ where: { action: "auth.sign_out", targetId: user.id } })).toBe(1);
  });

  it("ends only that session, and is idempotent without a session", async () => {
    const { user } = await createTestUser();
    const a = await createSessionCookie(user.id);
    const b = await createSessionCookie(user.id);
    await call(signout, "/v1/auth/signout", { method: "POST", cookie: a });
    expect(await sessionFromCookies(requestFor(b).headers.get("cookie"))).not.toBeNull();
    expect((await call(signout, "/v1/auth/signout", { method: "POST" })).status).toBe(204);
  });
});

describe("POST /v1/me/password with an access token", () => {
  it("is refused (403): a token cannot take over its owner's account", async () => {
    const { user, password } = await createTestUser();
    const workspace = await db.workspace.create({ data: { id: newId("workspace"), slug: `ws-${newId("workspace").slice(-8)}`, name: "WS" } });
    await db.workspaceMember.create({ data: { workspaceId: workspace.id, userId: user.id, role: "owner" } });
    const { token } = await createTestToken({ userId: user.id, workspaceId: workspace.id });
    const res = await call(changePassword, "/v1/me/password", {
      headers: { authorization: `Bearer ${token}` },
      body: { currentPassword: password, newPassword: "a brand new passphrase" },
    });
    expect(res.status).toBe(403);
  });
});

describe("cookie options", () => {
  it("development: authjs.session-token, HttpOnly, SameSite=Lax, not Secure", () => {
    expect(sessionCookieName()).toBe("authjs.session-token");
    expect(sessionCookieOptions()).toEqual({ httpOnly: true, sameSite: "lax", path: "/", secure: false });
  });

  it("production: __Secure- prefix and Secure, on the configured cookie domain", () => {
    vi.stubEnv("NODE_ENV", "production");
    vi.stubEnv("AUTH_COOKIE_DOMAIN", "console.example.com");
    expect(sessionCookieName()).toBe("__Secure-authjs.session-token");
    expect(sessionCookieOptions()).toEqual({ httpOnly: true, sameSite: "lax", path: "/", secure: true, domain: "console.example.com" });
    const set = sessionSetCookie("v");
    expect(set).toMatch(/^__Secure-authjs\.session-token=v; /);
    expect(set).toMatch(/; HttpOnly/);
    expect(set).toMatch(/; SameSite=Lax/);
    expect(set).toMatch(/; Secure/);
    expect(set).toMatch(/; Domain=console\.example\.com/);
    expect(clearSessionSetCookie()).toMatch(/^__Secure-authjs\.session-token=; .*Max-Age=0.*; Secure/);
  });

  it("Auth.js is configured with exactly the same cookie, so both kinds of sign-in interoperate", () => {
    for (const env of ["test", "production"]) {
      vi.stubEnv("NODE_ENV", env);
      const cfg = authConfig();
      expect(cfg.cookies?.sessionToken?.name).toBe(sessionCookieName());
      expect(cfg.cookies?.sessionToken?.options).toEqual(sessionCookieOptions());
      expect(cfg.useSecureCookies).toBe(env === "production");
      expect(cfg.session?.strategy).toBe("jwt");
    }
  });
});
