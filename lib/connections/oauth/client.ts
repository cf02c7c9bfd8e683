import * as oauth from "oauth4webapi";
import { ApiError } from "@/lib/core/errors";
import { providerDef, providerEndpoints, type OAuthProviderDef, type OAuthProviderId } from "./providers";

// oauth4webapi's view of a provider: authorization server metadata, our client and how it
// authenticates. Built per call from the environment (cheap), except discovery, cached.

type OAuthClient = {
  def: OAuthProviderDef;
  as: oauth.AuthorizationServer;
  client: oauth.Client;
  auth: oauth.ClientAuth;
  /** Options every request to the provider takes: timeout, http only for loopback test servers. */
  options: () => oauth.TokenEndpointRequestOptions;
};

const REQUEST_TIMEOUT_MS = 15_000;
const discovered = new Map<string, Promise<oauth.AuthorizationServer>>();

function isLoopback(url: string): boolean {
  try {
    const host = new URL(url).hostname;
    return host === "127.0.0.1" || host === "localhost" || host === "[::1]";
  } catch {
    return false;
  }
}

/**
 * LinkedIn's classic token endpoint omits `token_type`, which oauth4webapi (rightly) requires;
 * its tokens are bearer tokens, so say so before the response is processed.
 */
const tokenResponseFetch = async (url: string, init: RequestInit): Promise<Response> => {
  const res = await fetch(url, init);
  if (!res.ok || !(res.headers.get("content-type") ?? "").includes("json")) return res;
  const body = (await res.json()) as Record<string, unknown>;
  if (body && typeof body === "object" && typeof body.access_token === "string" && body.token_type === undefined) body.token_type = "Bearer";
  return new Response(JSON.stringify(body), { status: res.status, statusText: res.statusText, headers: res.headers });
};

async function discover(issuer: string, insecure: boolean): Promise<oauth.AuthorizationServer> {
  const url = new URL(issuer);
  const opts = { signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS), ...(insecure ? { [oauth.allowInsecureRequests]: true } : {}) };
  const res = await oauth.discoveryRequest(url, { ...opts, algorithm: "oidc" });
  return oauth.processDiscoveryResponse(url, res);
}

export async function oauthClient(id: OAuthProviderId): Promise<OAuthClient> {
  const def = providerDef(id);
  const clientId = def.clientId();
  if (!clientId) throw new ApiError("not_found", `${def.label} connections are not configured on this server`);
  const ep = providerEndpoints(def);
  const insecure = [ep.discoverFrom, ep.authorizationUrl, ep.tokenUrl].some((u) => !!u && isLoopback(u));
  let as: oauth.AuthorizationServer;
  if (ep.discoverFrom) {
    const key = `${def.id}|${ep.discoverFrom}`;
    if (!discovered.has(key)) discovered.set(key, discover(ep.discoverFrom, insecure).catch((err) => { discovered.delete(key); throw err; }));
    as = { ...(await discovered.get(key)!) };
    if (ep.revokeUrl) as = { ...as, revocation_endpoint: ep.revokeUrl };
  } else {
    as = {
      issuer: ep.issuer,
      authorization_endpoint: ep.authorizationUrl,
      token_endpoint: ep.tokenUrl,
      ...(ep.revokeUrl ? { revocation_endpoint: ep.revokeUrl } : {}),
    };
  }
  const secret = def.clientSecret();
  return {
    def,
    as,
    client: { client_id: clientId },
    auth: secret ? oauth.ClientSecretPost(secret) : oauth.None(),
    options: () => ({
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
      [oauth.customFetch]: tokenResponseFetch,
      ...(insecure ? { [oauth.allowInsecureRequests]: true } : {}),
    }),
  };
}
