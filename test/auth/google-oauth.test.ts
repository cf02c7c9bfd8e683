// "Sign in with Google" redirect flow end to end, through Auth.js mounted under
// /v1/auth/oauth/google, against a local OpenID provider standing in for Google.
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { Events, OAuth2Server } from "oauth2-mock-server";
import { NextRequest } from "next/server";
import { GET as start } from "@/app/v1/auth/oauth/google/start/route";
import { GET as authjsGet } from "@/app/v1/auth/oauth/google/[...nextauth]/route";
import { sessionFromCookies } from "@/lib/auth/session";
import { db } from "@/lib/db/client";
import { createSessionCookie, createTestUser } from "@/test/factories/users";
import { call, newEmail, requestFor } from "./http";

let google: OAuth2Server;
let claims: Record<string, unknown> = {};

beforeAll(async () => {
  google = new OAuth2Server();
  await google.issuer.keys.generate("RS256");
  await google.start(0, "127.0.0.1");
  google.service.on(Events.BeforeTokenSigning, (token) => Object.assign(token.payload, claims));
});
afterAll(() => google.stop());
afterEach(() => vi.unstubAllEnvs());

function configure() {
  vi.stubEnv("GOOGLE_CLIENT_ID", "agentruntime-oauth-test");
  vi.stubEnv("GOOGLE_CLIENT_SECRET", "test-secret");
  vi.stubEnv("GOOGLE_ISSUER", google.issuer.url!);
}

const jar = (res: Response) => res.headers.getSetCookie().map((c) => c.split(";")[0]);

/** start → provider consent (auto-approved by the mock) → our callback. */
async function signInWithGoogle(profile: Record<string, unknown>, cookie?: string) {
  claims = profile;
  const begin = await call(start, "/v1/auth/oauth/google/start?callbackUrl=%2Fwelcome", { cookie });
  expect(begin.status).toBe(302);
  const authorize = new URL(begin.headers.get("location")!);
  expect(authorize.origin).toBe(google.issuer.url);
  expect(authorize.searchParams.get("redirect_uri")).toBe("http://localhost:3000/v1/auth/oauth/google/callback/google");
  expect(authorize.searchParams.get("code_challenge_method")).toBe("S256");
  const consent = await fetch(authorize, { redirect: "manual" });
  const callback = consent.headers.get("location")!;
  expect(new URL(callback).pathname).toBe("/v1/auth/oauth/google/callback/google");
  const cookies = [...jar(begin), ...(cookie ? [cookie] : [])].join("; ");
  return authjsGet(new NextRequest(callback, { headers: { cookie: cookies } }));
}

describe("Sign in with Google (redirect flow)", () => {
  it("start is 404 when Google is not configured", async () => {
    expect((await call(start, "/v1/auth/oauth/google/start")).status).toBe(404);
  });

  it("creates a verified user, links the account, sets a session cookie with a live Session row and returns to callbackUrl", async () => {
    configure();
    const email = newEmail("oauth");
    const res = await signInWithGoogle({ sub: "oauth-sub-1", email, email_verified: true, name: "Grace Hopper" });
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toBe("http://localhost:3000/welcome");
    const sessionCookie = jar(res).find((c) => c.startsWith("authjs.session-token="))!;
    expect(res.headers.getSetCookie().find((c) => c.startsWith("authjs.session-token="))).toMatch(/HttpOnly.*SameSite=Lax|SameSite=Lax.*HttpOnly/i);
    const session = await sessionFromCookies(requestFor(sessionCookie).headers.get("cookie"));
    const user = await db.user.findUniqueOrThrow({ where: { email } });
    expect(session?.userId).toBe(user.id);
    expect(user.emailVerified).not.toBeNull();
    expect(user.id).toMatch(/^usr_/);
    const account = await db.account.findFirstOrThrow({ where: { userId: user.id } });
    expect(account).toMatchObject({ provider: "google", providerAccountId: "oauth-sub-1", access_token: null, refresh_token: null, id_token: null });
    expect(await db.auditLog.count({ where: { action: "auth.sign_in", targetId: user.id } })).toBe(1);
  });

  it("a second sign-in reuses the user with a new session", async () => {
    configure();
    const email = newEmail("oauth2");
    const first = await signInWithGoogle({ sub: "oauth-sub-2", email, email_verified: true });
    const second = await signInWithGoogle({ sub: "oauth-sub-2", email, email_verified: true });
    const a = await sessionFromCookies(requestFor(jar(first).find((c) => c.startsWith("authjs.session-token="))!).headers.get("cookie"));
    const b = await sessionFromCookies(requestFor(jar(second).find((c) => c.startsWith("authjs.session-token="))!).headers.get("cookie"));
    expect(a!.userId).toBe(b!.userId);
    expect(a!.sessionId).not.toBe(b!.sessionId);
    expect(await db.user.count({ where: { email } })).toBe(1);
  });

  it("refuses a Google identity whose email is not verified", async () => {
    configure();
    const email = newEmail("unverified-google");
    const res = await signInWithGoogle({ sub: "oauth-sub-3", email, email_verified: false });
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toMatch(/\/auth\/sign-in\?error=AccessDenied/);
    expect(jar(res).some((c) => c.startsWith("authjs.session-token=") && c.length > "authjs.session-token=".length)).toBe(false);
    expect(await db.user.count({ where: { email } })).toBe(0);
  });

  it("an ended session's stale cookie does not attach the Google account to that user", async () => {
    configure();
    const { user } = await createTestUser();
    const stale = await createSessionCookie(user.id);
    await db.session.deleteMany({ where: { userId: user.id } });
    const email = newEmail("someone-else");
    await signInWithGoogle({ sub: "oauth-sub-4", email, email_verified: true }, stale);
    expect(await db.account.count({ where: { userId: user.id } })).toBe(0);
    expect(await db.user.count({ where: { email } })).toBe(1);
  });
});
