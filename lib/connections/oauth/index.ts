// The OAuth 2.0 connection engine: connect/reconnect flows and token use.
export { getOAuthAccessToken, withOAuthAccess, type OAuthScope } from "./access-token";
export { refreshOAuthAccessToken } from "./refresh";
export { OAuthConnectionUnavailableError, OAuthReconnectRequiredError, OAuthRefreshError } from "./errors";
export { GOOGLE_SCOPE_CATALOG, LINKEDIN_SCOPE_CATALOG, providerDef, type OAuthProviderId, type ScopeOption } from "./providers";
