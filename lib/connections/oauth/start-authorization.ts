import * as oauth from "oauth4webapi";
import { ApiError, notFound } from "@/lib/core/errors";
import { publicOrigin } from "@/lib/core/public-origin";
import { tenantWhere, type RequestMeta, type TenantScope } from "@/lib/core/scope";
import { db } from "@/lib/db/client";
import type { AuthorizeOAuthBody } from "@/lib/schemas/oauth-connections";
import { oauthClient } from "./client";
import { resolveScopes, type OAuthProviderId } from "./providers";
import { createOAuthState } from "./state-store";

/** Where the provider sends the browser back: APP_URL when set (behind proxies), else this origin. */
function callbackUrl(meta: RequestMeta | null | undefined, provider: OAuthProviderId): string {
  return `${publicOrigin(meta)}/v1/connections/${provider}/callback`;
}

function defaultReturnTo(workspaceSlug: string, projectSlug: string): string {
  return `/w/${encodeURIComponent(workspaceSlug)}/projects/${encodeURIComponent(projectSlug)}/connections`;
}

type OAuthConfig = { scopeKeys?: unknown; account?: { email?: unknown } };

async function reconnectTarget(ctx: TenantScope, provider: OAuthProviderId, connectionId: string) {
  const conn = await db.connection.findFirst({
    where: { id: connectionId, ...tenantWhere(ctx), type: "oauth2", provider },
    select: { id: true, name: true, environment: true, config: true },
  });
  if (!conn) throw notFound("Connection");
  const config = (conn.config ?? {}) as OAuthConfig;
  const scopeKeys = Array.isArray(config.scopeKeys) ? config.scopeKeys.filter((k): k is string => typeof k === "string") : [];
  const loginHint = typeof config.account?.email === "string" ? config.account.email : null;
  return { ...conn, scopeKeys, loginHint };
}

/**
 * Starts connecting (or reconnecting) an OAuth account: PKCE + state, stored for 10
 * minutes, and the provider's authorization URL for the browser to visit.
 */
export async function startOAuthAuthorization(ctx: TenantScope, provider: OAuthProviderId, body: AuthorizeOAuthBody) {
  const c = await oauthClient(provider);
  const existing = body.connectionId ? await reconnectTarget(ctx, provider, body.connectionId) : null;
  const name = body.name ?? existing!.name;
  const environment = body.environment ?? existing?.environment ?? "production";
  const scopeKeys = body.scopes?.length ? body.scopes : (existing?.scopeKeys ?? []);
  const scopes = resolveScopes(c.def, scopeKeys);
  if (!scopes || scopeKeys.length === 0) {
    const known = c.def.catalog.map((o) => o.key).join(", ");
    throw new ApiError("invalid_request", "The request is invalid", { details: [{ path: "scopes", message: `Choose scopes from: ${known}` }] });
  }
  const taken = await db.connection.findFirst({
    where: { projectId: ctx.project.id, name, ...(existing ? { NOT: { id: existing.id } } : {}) },
    select: { id: true },
  });
  if (taken) throw new ApiError("conflict", "A connection with this name already exists in this project");

  const codeVerifier = oauth.generateRandomCodeVerifier();
  const state = oauth.generateRandomState();
  const redirectUri = callbackUrl(ctx.meta, provider);
  const { expiresAt } = await createOAuthState({
    state,
    workspaceId: ctx.workspace.id,
    projectId: ctx.project.id,
    userId: ctx.principal.userId,
    connectionId: existing?.id ?? null,
    provider,
    redirectTo: body.returnTo ?? defaultReturnTo(ctx.workspace.slug, ctx.project.slug),
    payload: { codeVerifier, redirectUri, name, environment, scopeKeys, scopes },
  });

  const url = new URL(c.as.authorization_endpoint!);
  url.searchParams.set("client_id", c.client.client_id);
  url.searchParams.set("redirect_uri", redirectUri);
  url.searchParams.set("response_type", "code");
  url.searchParams.set("scope", scopes.join(" "));
  url.searchParams.set("state", state);
  url.searchParams.set("code_challenge", await oauth.calculatePKCECodeChallenge(codeVerifier));
  url.searchParams.set("code_challenge_method", "S256");
  for (const [k, v] of Object.entries(c.def.authorizationParams)) url.searchParams.set(k, v);
  if (existing?.loginHint) url.searchParams.set("login_hint", existing.loginHint);
  return { authorizationUrl: url.toString(), expiresAt: expiresAt.toISOString() };
}
