import * as oauth from "oauth4webapi";
import { decide } from "@/lib/authz/permissions";
import { resolveProject, resolveWorkspace } from "@/lib/access/tenancy";
import { sessionFromCookies } from "@/lib/auth/session";
import { db } from "@/lib/db/client";
import type { RequestMeta } from "@/lib/core/scope";
import { logger } from "@/lib/core/logger";
import { publicOrigin } from "@/lib/core/public-origin";
import type { OAuthErrorCode } from "@/lib/schemas/oauth-connections";
import { oauthClient } from "./client";
import type { OAuthProviderId } from "./providers";
import { consumeOAuthState, findOAuthState, type PendingState, type StatePayload } from "./state-store";
import { saveOAuthConnection } from "./save-connection";

// The browser comes back from the provider here. Every outcome is a redirect to the console
// page that started the flow: `?connected=<id>` or `?oauth_error=<code>`. Nothing secret is
// ever put in the URL or the logs, and no failure becomes a 500.

class CallbackFailure extends Error {
  constructor(readonly code: OAuthErrorCode) {
    super(code);
  }
}

/** Where the browser goes next: an absolute URL on this deployment. */
export type CallbackOutcome = { location: string };

function redirectTo(meta: RequestMeta, path: string | null | undefined, params: Record<string, string>): CallbackOutcome {
  const url = new URL(path || "/", publicOrigin(meta));
  for (const [k, v] of Object.entries(params)) url.searchParams.set(k, v);
  return { location: url.toString() };
}

/** The user must still be allowed to manage the project's connections when they come back. */
async function checkStillAllowed(row: PendingState, sessionId: string): Promise<void> {
  const principal = { type: "session" as const, userId: row.userId, sessionId };
  const ws = await db.workspace.findUnique({ where: { id: row.workspaceId }, select: { slug: true } });
  if (!ws) throw new CallbackFailure("forbidden");
  try {
    const access = await resolveWorkspace(principal, ws.slug);
    const project = await resolveProject(principal, access, row.projectId);
    if (!decide({ workspaceRole: access.workspaceRole, projectRole: project.projectRole }, "connection.manage").allowed) throw new CallbackFailure("forbidden");
  } catch (err) {
    throw err instanceof CallbackFailure ? err : new CallbackFailure("forbidden");
  }
}

async function exchangeCode(provider: OAuthProviderId, params: URLSearchParams, state: string, payload: StatePayload) {
  const c = await oauthClient(provider);
  let callbackParams: URLSearchParams;
  try {
    callbackParams = oauth.validateAuthResponse(c.as, c.client, params, state);
  } catch {
    throw new CallbackFailure("invalid_state");
  }
  try {
    const res = await oauth.authorizationCodeGrantRequest(c.as, c.client, c.auth, callbackParams, payload.redirectUri, payload.codeVerifier, c.options());
    const tokens = await oauth.processAuthorizationCodeResponse(c.as, c.client, res);
    return { tokens, claims: oauth.getValidatedIdTokenClaims(tokens) };
  } catch (err) {
    // ResponseBodyError: the provider refused the code (bad verifier, reused code…).
    const refused = err instanceof oauth.ResponseBodyError || err instanceof oauth.OperationProcessingError || err instanceof oauth.UnsupportedOperationError;
    logger.warn("oauth code exchange failed", { provider, error: { name: (err as Error).name, code: (err as { code?: string }).code, oauthError: (err as { error?: string }).error } });
    throw new CallbackFailure(refused ? "token_exchange_failed" : "provider_unavailable");
  }
}

/** The browser's return from the provider: the callback's query and the session cookie it carries. */
export async function completeOAuthAuthorization(
  callback: { query: URLSearchParams; cookieHeader: string | null },
  provider: OAuthProviderId,
  meta: RequestMeta,
): Promise<CallbackOutcome> {
  const params = callback.query;
  const state = params.get("state");
  const row = state ? await findOAuthState(state, provider) : null;
  if (!state || !row || row.usedAt || row.expiresAt.getTime() <= Date.now()) return redirectTo(meta, row?.redirectTo, { oauth_error: "invalid_state" });
  try {
    // Checked before the state is spent: someone else's browser cannot burn the owner's flow.
    const session = await sessionFromCookies(callback.cookieHeader);
    if (!session || session.userId !== row.userId) throw new CallbackFailure("session_mismatch");
    const payload = await consumeOAuthState(row);
    if (!payload) throw new CallbackFailure("invalid_state");
    const providerError = params.get("error");
    if (providerError) throw new CallbackFailure(providerError === "access_denied" ? "access_denied" : "token_exchange_failed");
    await checkStillAllowed(row, session.sessionId);
    const { tokens, claims } = await exchangeCode(provider, params, state, payload);
    const saved = await saveOAuthConnection({ row, payload, tokens, claims, provider, meta });
    if (!saved.ok) throw new CallbackFailure(saved.code);
    return redirectTo(meta, row.redirectTo, { connected: saved.id });
  } catch (err) {
    if (err instanceof CallbackFailure) return redirectTo(meta, row.redirectTo, { oauth_error: err.code });
    logger.error("oauth callback failed", { requestId: meta.requestId, provider, err: { name: (err as Error)?.name } });
    return redirectTo(meta, row.redirectTo, { oauth_error: "provider_unavailable" });
  }
}
