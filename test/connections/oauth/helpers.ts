// Shared by the OAuth connection tests: a fake authorization server wired in through the
// environment, and the whole browser round trip (authorize → provider → callback) driven
// with fetch and direct handler calls.
import { expect } from "vitest";
import { db } from "@/lib/db/client";
import { POST as googleAuthorize } from "@/app/v1/connections/google/authorize/route";
import { GET as googleCallback } from "@/app/v1/connections/google/callback/route";
import { POST as linkedinAuthorize } from "@/app/v1/connections/linkedin/authorize/route";
import { GET as linkedinCallback } from "@/app/v1/connections/linkedin/callback/route";
import { startFakeOAuthServer, type FakeOAuthOptions, type FakeOAuthServer } from "@/e2e/support/fake-oauth-server";
import { call, inProject } from "@/test/support/http";
import { type Person, type Tenant } from "@/test/support/world";

const CLIENT = { id: "test-connections-client", secret: "test-connections-secret" };

const ENV_KEYS = [
  "GOOGLE_CLIENT_ID",
  "GOOGLE_CLIENT_SECRET",
  "GOOGLE_CONNECTIONS_CLIENT_ID",
  "GOOGLE_CONNECTIONS_CLIENT_SECRET",
  "GOOGLE_OAUTH_ISSUER",
  "GOOGLE_OAUTH_AUTHORIZATION_URL",
  "GOOGLE_OAUTH_TOKEN_URL",
  "GOOGLE_OAUTH_REVOKE_URL",
  "LINKEDIN_CLIENT_ID",
  "LINKEDIN_CLIENT_SECRET",
  "LINKEDIN_OAUTH_ISSUER",
  "LINKEDIN_OAUTH_AUTHORIZATION_URL",
  "LINKEDIN_OAUTH_TOKEN_URL",
  "LINKEDIN_OAUTH_REVOKE_URL",
  "APP_URL",
] as const;

/**
 * Starts the fake server and points both providers at it: Google with explicit endpoint URLs
 * (plus its issuer, which ID tokens carry), LinkedIn through discovery from the issuer alone.
 */
export async function startProviders(opts: Partial<FakeOAuthOptions> = {}) {
  const saved = Object.fromEntries(ENV_KEYS.map((k) => [k, process.env[k]]));
  const fake = await startFakeOAuthServer({ clientId: CLIENT.id, clientSecret: CLIENT.secret, ...opts });
  for (const k of ENV_KEYS) delete process.env[k];
  Object.assign(process.env, {
    GOOGLE_CONNECTIONS_CLIENT_ID: CLIENT.id,
    GOOGLE_CONNECTIONS_CLIENT_SECRET: CLIENT.secret,
    GOOGLE_OAUTH_ISSUER: fake.issuer,
    GOOGLE_OAUTH_AUTHORIZATION_URL: fake.urls.authorize,
    GOOGLE_OAUTH_TOKEN_URL: fake.urls.token,
    GOOGLE_OAUTH_REVOKE_URL: fake.urls.revoke,
    LINKEDIN_CLIENT_ID: CLIENT.id,
    LINKEDIN_CLIENT_SECRET: CLIENT.secret,
    LINKEDIN_OAUTH_ISSUER: fake.issuer,
  });
  return {
    fake,
    async stop() {
      await fake.close();
      for (const k of ENV_KEYS) {
        if (saved[k] === undefined) delete process.env[k];
        else process.env[k] = saved[k];
      }
    },
  };
}

const ROUTES = {
  google: { authorize: googleAuthorize, callback: googleCallback },
  linkedin: { authorize: linkedinAuthorize, callback: linkedinCallback },
} as const;
type Provider = keyof typeof ROUTES;

export const projectHeaders = (p: Person, t: Tenant, project = t.project) => inProject(p, t.slug, project.slug);

export function authorize(provider: Provider, headers: Record<string, string>, body: unknown) {
  return call(ROUTES[provider].authorize, `/v1/connections/${provider}/authorize`, { method: "POST", headers, body });
}

/** Follows the authorization URL to the fake provider, which redirects back with code + state. */
export async function visitProvider(authorizationUrl: string): Promise<URL> {
  const res = await fetch(authorizationUrl, { redirect: "manual" });
  expect(res.status).toBe(302);
  return new URL(res.headers.get("location")!);
}

/** Calls the callback handler the way the browser arrives there (cookie included). */
export async function callback(provider: Provider, url: URL, cookie?: string) {
  const res = await ROUTES[provider].callback(new Request(url, { headers: cookie ? { cookie } : {} }), { params: Promise.resolve({}) });
  expect(res.status).toBe(303);
  const location = new URL(res.headers.get("location")!);
  return { location, connected: location.searchParams.get("connected"), error: location.searchParams.get("oauth_error") };
}

/** The whole round trip; returns the connection id. */
export async function connect(provider: Provider, p: Person, t: Tenant, body: Record<string, unknown> = {}) {
  const started = await authorize(provider, projectHeaders(p, t), {
    name: `conn-${Math.random().toString(36).slice(2, 8)}`,
    scopes: provider === "google" ? ["gmail.readonly"] : ["w_member_social"],
    ...body,
  });
  expect(started.status).toBe(201);
  const back = await callback(provider, await visitProvider(started.json.authorizationUrl), p.cookie);
  expect(back.error).toBeNull();
  return back.connected!;
}

export const scopeOf = (t: Tenant, project = t.project) => ({ workspace: { id: t.workspace.id }, project: { id: project.id } });

export function connectionRow(id: string) {
  return db.connection.findUniqueOrThrow({ where: { id } });
}

export type { FakeOAuthServer };
