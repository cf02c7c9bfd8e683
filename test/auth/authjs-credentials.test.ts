// Auth.js itself (as the console's server actions use it): Credentials sign-in creates a new
// Session row and the same cookie as the JSON endpoint; its session endpoint (what auth()
// reads) answers null once the row is gone; its sign-out ends the row.
import { describe, expect, it } from "vitest";
import { NextRequest } from "next/server";
import { GET, POST } from "@/app/v1/auth/oauth/google/[...nextauth]/route";
import { sessionFromCookies } from "@/lib/auth/session";
import { db } from "@/lib/db/client";
import { createSessionCookie, createTestUser } from "@/test/factories/users";
import { newIp, requestFor } from "./http";

const BASE = "http://localhost:3000/v1/auth/oauth/google";
const pairs = (res: Response) => res.headers.getSetCookie().map((c) => c.split(";")[0]);

async function csrf(ip: string) {
  const res = await GET(new NextRequest(`${BASE}/csrf`, { headers: { "x-forwarded-for": ip } }));
  const { csrfToken } = await res.json();
  return { csrfToken: csrfToken as string, cookie: pairs(res).join("; ") };
}

async function credentialsSignIn(email: string, password: string) {
  const ip = newIp();
  const { csrfToken, cookie } = await csrf(ip);
  return POST(
    new NextRequest(`${BASE}/callback/credentials`, {
      method: "POST",
      headers: { cookie, "content-type": "application/x-www-form-urlencoded", "x-forwarded-for": ip, "user-agent": "vitest-authjs" },
      body: new URLSearchParams({ email, password, csrfToken, callbackUrl: "/welcome" }),
    }),
  );
}

const sessionCookie = (res: Response) => pairs(res).find((c) => /^authjs\.session-token=./.test(c));

describe("Auth.js Credentials", () => {
  it("signs in with a new Session row per sign-in, audited", async () => {
    const { user, password } = await createTestUser();
    const first = await credentialsSignIn(user.email, password);
    expect(first.status).toBe(302);
    expect(first.headers.get("location")).toBe("http://localhost:3000/welcome");
    const second = await credentialsSignIn(user.email, password);
    const a = await sessionFromCookies(requestFor(sessionCookie(first)!).headers.get("cookie"));
    const b = await sessionFromCookies(requestFor(sessionCookie(second)!).headers.get("cookie"));
    expect(a?.userId).toBe(user.id);
    expect(b?.userId).toBe(user.id);
    expect(a!.sessionId).not.toBe(b!.sessionId);
    expect(await db.auditLog.count({ where: { action: "auth.sign_in", targetId: user.id } })).toBe(2);
  });

  it("refuses a wrong password and an unverified email with their codes, and no cookie", async () => {
    const { user } = await createTestUser();
    const wrong = await credentialsSignIn(user.email, "not the password");
    expect(wrong.headers.get("location")).toMatch(/\/auth\/sign-in\?error=CredentialsSignin&code=invalid_credentials/);
    expect(sessionCookie(wrong)).toBeUndefined();
    const { user: pending, password } = await createTestUser({ verified: false });
    const unverified = await credentialsSignIn(pending.email, password);
    expect(unverified.headers.get("location")).toMatch(/code=email_not_verified/);
    expect(sessionCookie(unverified)).toBeUndefined();
  });

  it("its session endpoint (behind auth()) returns the user while the row lives, null once it is gone", async () => {
    const { user } = await createTestUser();
    const cookie = await createSessionCookie(user.id);
    const live = await GET(new NextRequest(`${BASE}/session`, { headers: { cookie } }));
    const body = await live.json();
    expect(body.user).toMatchObject({ id: user.id });
    expect(JSON.stringify(body)).not.toMatch(/sid/);
    await db.session.deleteMany({ where: { userId: user.id } });
    const ended = await GET(new NextRequest(`${BASE}/session`, { headers: { cookie } }));
    expect(await ended.json()).toBeNull();
  });

  it("its sign-out ends the Session row (events.signOut)", async () => {
    const { user } = await createTestUser();
    const cookie = await createSessionCookie(user.id);
    const ip = newIp();
    const token = await csrf(ip);
    const res = await POST(
      new NextRequest(`${BASE}/signout`, {
        method: "POST",
        headers: { cookie: `${cookie}; ${token.cookie}`, "content-type": "application/x-www-form-urlencoded", "x-forwarded-for": ip },
        body: new URLSearchParams({ csrfToken: token.csrfToken }),
      }),
    );
    expect(res.status).toBe(302);
    expect(await sessionFromCookies(requestFor(cookie).headers.get("cookie"))).toBeNull();
    expect(await db.auditLog.count({ where: { action: "auth.sign_out", targetId: user.id } })).toBe(1);
  });
});
