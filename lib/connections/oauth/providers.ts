// The OAuth 2.0 providers a connection can use, with their scope catalogs and endpoints.
// Endpoints default to the vendors' real ones and are overridable by environment (staging,
// tests on 127.0.0.1): either the explicit URLs or an issuer to discover them from.

import { OAUTH_PROVIDERS, type OAuthProvider } from "@/lib/schemas/connection-catalog";

export type OAuthProviderId = OAuthProvider;

export type ScopeOption = { key: string; scope: string; label: string };

export type OAuthProviderDef = {
  id: OAuthProviderId;
  label: string;
  envPrefix: string;
  issuer: string;
  authorizationUrl: string;
  tokenUrl: string;
  revokeUrl: string | null;
  /** Always requested (identify the account; never shown as a choice). */
  baseScopes: string[];
  catalog: ScopeOption[];
  /** Extra authorization parameters, e.g. Google's offline access so a refresh token is issued. */
  authorizationParams: Record<string, string>;
  clientId: () => string | undefined;
  clientSecret: () => string | undefined;
};

const env = (name: string) => process.env[name]?.trim() || undefined;
const GAPI = "https://www.googleapis.com/auth";

export const GOOGLE_SCOPE_CATALOG: ScopeOption[] = [
  { key: "gmail.readonly", scope: `${GAPI}/gmail.readonly`, label: "Gmail: read messages" },
  { key: "gmail.send", scope: `${GAPI}/gmail.send`, label: "Gmail: send messages" },
  { key: "gmail.modify", scope: `${GAPI}/gmail.modify`, label: "Gmail: read, label and archive" },
  { key: "drive.readonly", scope: `${GAPI}/drive.readonly`, label: "Drive: read files" },
  { key: "drive.file", scope: `${GAPI}/drive.file`, label: "Drive: files created or opened by the app" },
  { key: "drive", scope: `${GAPI}/drive`, label: "Drive: full access" },
  { key: "sheets.readonly", scope: `${GAPI}/spreadsheets.readonly`, label: "Sheets: read" },
  { key: "sheets", scope: `${GAPI}/spreadsheets`, label: "Sheets: read and write" },
  { key: "calendar.readonly", scope: `${GAPI}/calendar.readonly`, label: "Calendar: read" },
  { key: "calendar.events", scope: `${GAPI}/calendar.events`, label: "Calendar: manage events" },
  { key: "calendar", scope: `${GAPI}/calendar`, label: "Calendar: full access" },
];

export const LINKEDIN_SCOPE_CATALOG: ScopeOption[] = [
  { key: "w_member_social", scope: "w_member_social", label: "Post on behalf of the member" },
  { key: "r_organization_social", scope: "r_organization_social", label: "Read organization posts" },
  { key: "w_organization_social", scope: "w_organization_social", label: "Post as an organization" },
  { key: "rw_organization_admin", scope: "rw_organization_admin", label: "Manage organization pages" },
  { key: "r_ads", scope: "r_ads", label: "Read ad accounts" },
  { key: "rw_ads", scope: "rw_ads", label: "Manage ad accounts" },
  { key: "r_ads_reporting", scope: "r_ads_reporting", label: "Read ads reporting" },
];

const DEFS: Record<OAuthProviderId, OAuthProviderDef> = {
  google: {
    id: "google",
    label: "Google Workspace",
    envPrefix: "GOOGLE_OAUTH",
    issuer: "https://accounts.google.com",
    authorizationUrl: "https://accounts.google.com/o/oauth2/v2/auth",
    tokenUrl: "https://oauth2.googleapis.com/token",
    revokeUrl: "https://oauth2.googleapis.com/revoke",
    baseScopes: ["openid", "email"],
    catalog: GOOGLE_SCOPE_CATALOG,
    authorizationParams: { access_type: "offline", prompt: "consent", include_granted_scopes: "true" },
    // Connections may use their own Google client; otherwise the sign-in client is shared.
    clientId: () => env("GOOGLE_CONNECTIONS_CLIENT_ID") ?? env("GOOGLE_CLIENT_ID"),
    clientSecret: () => (env("GOOGLE_CONNECTIONS_CLIENT_ID") ? env("GOOGLE_CONNECTIONS_CLIENT_SECRET") : env("GOOGLE_CLIENT_SECRET")),
  },
  linkedin: {
    id: "linkedin",
    label: "LinkedIn",
    envPrefix: "LINKEDIN_OAUTH",
    issuer: "https://www.linkedin.com/oauth",
    authorizationUrl: "https://www.linkedin.com/oauth/v2/authorization",
    tokenUrl: "https://www.linkedin.com/oauth/v2/accessToken",
    revokeUrl: "https://www.linkedin.com/oauth/v2/revoke",
    baseScopes: ["openid", "profile", "email"],
    catalog: LINKEDIN_SCOPE_CATALOG,
    authorizationParams: {},
    clientId: () => env("LINKEDIN_CLIENT_ID"),
    clientSecret: () => env("LINKEDIN_CLIENT_SECRET"),
  },
};

export function providerDef(id: OAuthProviderId): OAuthProviderDef {
  return DEFS[id];
}

export function isOAuthProvider(id: string): id is OAuthProviderId {
  return (OAUTH_PROVIDERS as readonly string[]).includes(id);
}

type ProviderEndpoints = {
  /** Set when endpoints come from discovery (`<PREFIX>_ISSUER` without explicit URLs). */
  discoverFrom: string | null;
  issuer: string;
  authorizationUrl: string;
  tokenUrl: string;
  revokeUrl: string | null;
};

/** Explicit URLs win; an issuer alone means discovery; otherwise the vendor's defaults. */
export function providerEndpoints(def: OAuthProviderDef): ProviderEndpoints {
  const p = def.envPrefix;
  const issuer = env(`${p}_ISSUER`);
  const authorizationUrl = env(`${p}_AUTHORIZATION_URL`);
  const tokenUrl = env(`${p}_TOKEN_URL`);
  if (issuer && !authorizationUrl && !tokenUrl) {
    return { discoverFrom: issuer, issuer, authorizationUrl: "", tokenUrl: "", revokeUrl: env(`${p}_REVOKE_URL`) ?? null };
  }
  return {
    discoverFrom: null,
    issuer: issuer ?? def.issuer,
    authorizationUrl: authorizationUrl ?? def.authorizationUrl,
    tokenUrl: tokenUrl ?? def.tokenUrl,
    revokeUrl: env(`${p}_REVOKE_URL`) ?? def.revokeUrl,
  };
}

/** Catalog keys → provider scope strings, with the base scopes first; null on an unknown key. */
export function resolveScopes(def: OAuthProviderDef, keys: string[]): string[] | null {
  const out = [...def.baseScopes];
  for (const key of keys) {
    const option = def.catalog.find((o) => o.key === key);
    if (!option) return null;
    if (!out.includes(option.scope)) out.push(option.scope);
  }
  return out;
}
