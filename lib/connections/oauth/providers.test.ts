import { afterEach, describe, expect, it } from "vitest";
import { providerDef, providerEndpoints, resolveScopes } from "./providers";

const KEYS = ["GOOGLE_CLIENT_ID", "GOOGLE_CLIENT_SECRET", "GOOGLE_CONNECTIONS_CLIENT_ID", "GOOGLE_CONNECTIONS_CLIENT_SECRET", "GOOGLE_OAUTH_ISSUER", "GOOGLE_OAUTH_AUTHORIZATION_URL", "GOOGLE_OAUTH_TOKEN_URL", "GOOGLE_OAUTH_REVOKE_URL"];
const saved = Object.fromEntries(KEYS.map((k) => [k, process.env[k]]));
const set = (vars: Record<string, string>) => {
  for (const k of KEYS) delete process.env[k];
  Object.assign(process.env, vars);
};
afterEach(() => {
  for (const k of KEYS) if (saved[k] === undefined) delete process.env[k];
  else process.env[k] = saved[k];
});

describe("OAuth provider settings", () => {
  it("Google defaults to its real endpoints", () => {
    set({});
    expect(providerEndpoints(providerDef("google"))).toEqual({
      discoverFrom: null,
      issuer: "https://accounts.google.com",
      authorizationUrl: "https://accounts.google.com/o/oauth2/v2/auth",
      tokenUrl: "https://oauth2.googleapis.com/token",
      revokeUrl: "https://oauth2.googleapis.com/revoke",
    });
  });

  it("explicit URLs win; an issuer alone means discovery", () => {
    set({ GOOGLE_OAUTH_AUTHORIZATION_URL: "http://127.0.0.1:1/a", GOOGLE_OAUTH_TOKEN_URL: "http://127.0.0.1:1/t" });
    expect(providerEndpoints(providerDef("google"))).toMatchObject({ discoverFrom: null, authorizationUrl: "http://127.0.0.1:1/a", tokenUrl: "http://127.0.0.1:1/t", issuer: "https://accounts.google.com" });
    set({ GOOGLE_OAUTH_ISSUER: "http://127.0.0.1:2" });
    expect(providerEndpoints(providerDef("google"))).toMatchObject({ discoverFrom: "http://127.0.0.1:2", issuer: "http://127.0.0.1:2" });
  });

  it("connections use the sign-in Google client unless they have their own", () => {
    set({ GOOGLE_CLIENT_ID: "signin", GOOGLE_CLIENT_SECRET: "s1" });
    const google = providerDef("google");
    expect([google.clientId(), google.clientSecret()]).toEqual(["signin", "s1"]);
    set({ GOOGLE_CLIENT_ID: "signin", GOOGLE_CLIENT_SECRET: "s1", GOOGLE_CONNECTIONS_CLIENT_ID: "conn", GOOGLE_CONNECTIONS_CLIENT_SECRET: "s2" });
    expect([google.clientId(), google.clientSecret()]).toEqual(["conn", "s2"]);
  });

  it("scope keys map to real scope URLs after openid + email; unknown keys are refused", () => {
    const google = providerDef("google");
    expect(resolveScopes(google, ["sheets", "calendar.readonly", "sheets"])).toEqual([
      "openid",
      "email",
      "https://www.googleapis.com/auth/spreadsheets",
      "https://www.googleapis.com/auth/calendar.readonly",
    ]);
    expect(resolveScopes(google, ["gmail.everything"])).toBeNull();
    expect(resolveScopes(providerDef("linkedin"), ["gmail.readonly"])).toBeNull();
  });
});
