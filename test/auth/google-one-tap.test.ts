// Google One Tap against a local OpenID provider (oauth2-mock-server) serving the JWKS:
// a valid ID token signs in; wrong audience, expired, unverified email, wrong issuer and a
// bad signature are refused and create nothing.
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { OAuth2Server } from "oauth2-mock-server";
import { POST as oneTap } from "@/app/v1/auth/oauth/google/one-tap/route";
import { sessionFromCookies } from "@/lib/auth/session";
import { verifyPassword } from "@/lib/auth/password-hash";
import { db } from "@/lib/db/client";
import { createSessionCookie, createTestUser } from "@/test/factories/users";
import { call, cookieFrom, newEmail, newIp, requestFor } from "./http";

const CLIENT_ID = "agentruntime-test.apps.googleusercontent.com";
let google: OAuth2Server;
let impostor: OAuth2Server;

beforeAll(async () => {
  google = new OAuth2Server();
  await google.issuer.keys.generate("RS256");
  await google.start(0, "127.0.0.1");
  impostor = new OAuth2Server();
  await impostor.issuer.keys.generate("RS256");
  await impostor.start(0, "127.0.0.1");
});
afterAll(async () => {
  await google.stop();
  await impostor.stop();
});

function configure() {
  vi.stubEnv("GOOGLE_CLIENT_ID", CLIENT_ID);
  vi.stubEnv("GOOGLE_JWKS_URL", `${google.issuer.url}/jwks`);
}
afterEach(() => vi.unstubAllEnvs());

type Claims = Record<string, unknown>;
async function idToken(claims: Claims, opts: { server?: OAuth2Server; expiresIn?: number } = {}) {
  const googleKid = google.issuer.keys.get()!.kid;
  return (opts.server ?? google).issuer.buildToken({
    expiresIn: opts.expiresIn ?? 3600,
    scopesOrTransform: (header, payload) => {
      // An impostor's token claims Google's key id, so only the signature itself can fail.
      header.kid = googleKid;
      Object.assign(payload, { iss: "https://accounts.google.com", aud: CLIENT_ID, email_verified: true, name: "Ada Lovelace", ...claims });
    },
  });
}

const post = (credential: string) => call(oneTap, "/v1/auth/oauth/google/one-tap", { body: { credential }, ip: newIp() });

describe("POST /v1/auth/oauth/google/one-tap", () => {
  it("accepts a valid ID token: creates a verified user, links the Google account, sets a session cookie", async () => {
    configure();
    const email = newEmail("google");
    const res = await post(await idToken({ sub: "google-sub-1", email: email.toUpperCase() }));
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.user).toMatchObject({ email, name: "Ada Lovelace", emailVerified: true });
    const session = await sessionFromCookies(requestFor(cookieFrom(res)).headers.get("cookie"));
    expect(session?.userId).toBe(body.user.id);
    expect(res.headers.getSetCookie()[0]).toMatch(/HttpOnly; SameSite=Lax/);
    const account = await db.account.findUniqueOrThrow({ where: { provider_providerAccountId: { provider: "google", providerAccountId: "google-sub-1" } } });
    expect(account.userId).toBe(body.user.id);
    expect(account.access_token).toBeNull();
    expect(account.id_token).toBeNull();
    expect(await db.auditLog.count({ where: { action: "auth.sign_in", targetId: body.user.id } })).toBe(1);

    // Signing in again finds the same user, with a new session.
    const again = await post(await idToken({ sub: "google-sub-1", email }));
    expect((await again.json()).user.id).toBe(body.user.id);
    expect((await sessionFromCookies(requestFor(cookieFrom(again)).headers.get("cookie")))!.sessionId).not.toBe(session!.sessionId);
  });

  it("accepts the issuer spelled without scheme (accounts.google.com)", async () => {
    configure();
    const res = await post(await idToken({ sub: "google-sub-2", email: newEmail("g"), iss: "accounts.google.com" }));
    expect(res.status).toBe(200);
  });

  it("links to an existing verified account with the same email, keeping its password", async () => {
    configure();
    const { user, password } = await createTestUser();
    const res = await post(await idToken({ sub: "google-sub-3", email: user.email }));
    expect((await res.json()).user.id).toBe(user.id);
    const after = await db.user.findUniqueOrThrow({ where: { id: user.id } });
    expect(await verifyPassword(after.passwordHash!, password)).toBe(true);
  });

  it("claims an unverified account with that email: the unproven password and its sessions are dropped", async () => {
    configure();
    const { user } = await createTestUser({ verified: false });
    const squatterSession = await createSessionCookie(user.id);
    const res = await post(await idToken({ sub: "google-sub-4", email: user.email }));
    expect(res.status).toBe(200);
    const after = await db.user.findUniqueOrThrow({ where: { id: user.id } });
    expect(after.emailVerified).not.toBeNull();
    expect(after.passwordHash).toBeNull();
    expect(await sessionFromCookies(requestFor(squatterSession).headers.get("cookie"))).toBeNull();
    expect(await sessionFromCookies(requestFor(cookieFrom(res)).headers.get("cookie"))).not.toBeNull();
  });

  const refusals: Array<[string, () => Promise<string>]> = [
    ["wrong audience", () => idToken({ sub: "s", email: newEmail("x"), aud: "someone-else.apps.googleusercontent.com" })],
    ["expired", () => idToken({ sub: "s", email: newEmail("x") }, { expiresIn: -120 })],
    ["unverified email", () => idToken({ sub: "s", email: newEmail("x"), email_verified: false })],
    ["no email", () => idToken({ sub: "s", email: undefined })],
    ["wrong issuer", () => idToken({ sub: "s", email: newEmail("x"), iss: "https://evil.example" })],
    ["bad signature (another key, same kid)", () => idToken({ sub: "s", email: newEmail("x") }, { server: impostor })],
    ["tampered payload", async () => {
      const [h, p, s] = (await idToken({ sub: "s", email: newEmail("x") })).split(".");
      const claims = JSON.parse(Buffer.from(p, "base64url").toString());
      claims.email = "ceo@victim.example";
      return [h, Buffer.from(JSON.stringify(claims)).toString("base64url"), s].join(".");
    }],
    ["not a JWT", async () => "not.a.jwt"],
  ];

  for (const [name, make] of refusals) {
    it(`refuses ${name} with 401 and creates nothing`, async () => {
      configure();
      const users = await db.user.count();
      const res = await post(await make());
      expect(res.status).toBe(401);
      expect((await res.json()).error.code).toBe("unauthorized");
      expect(res.headers.getSetCookie()).toEqual([]);
      expect(await db.user.count()).toBe(users);
    });
  }

  it("answers 404 when Google sign-in is not configured, and 422 without a credential", async () => {
    expect((await post("whatever")).status).toBe(404);
    configure();
    expect((await call(oneTap, "/v1/auth/oauth/google/one-tap", { body: {}, ip: newIp() })).status).toBe(422);
  });
});
