import "server-only";
import { logger } from "@/lib/core/logger";
import { getConnectionSecret } from "@/lib/connections/get-connection-secret";
import { OAuthConnectionUnavailableError, OAuthReconnectRequiredError } from "@/lib/connections/oauth/errors";
import { loadOAuthRow, needsRefresh, refreshOAuthAccessToken } from "@/lib/connections/oauth/refresh";
import { openTokens } from "@/lib/connections/oauth/token-secret";
import { parseAwsKeys, signSigV4 } from "./credential-sigv4";

// The tool proxy's credential injection: the gateway calls this for every tool call, so the
// decrypted secret (or OAuth access token) is kept in this process's memory for a few seconds,
// never written anywhere. Connection changes notify the gateways ({ kind: "tools" }), which
// call forgetToolCredentials(projectId); the TTL covers a missed notification.

export type ToolCredentialConfig = {
  workspaceId: string;
  projectId: string;
  credentialKind: "none" | "api_key" | "oauth2" | "sigv4";
  connectionId: string | null;
  credentialPlacement: "header" | "query" | "bearer";
  credentialName: string | null;
  sigv4Service: string | null;
  sigv4Region: string | null;
};
export type OutgoingRequest = { method: string; url: URL; headers: Record<string, string>; body: Buffer };
/** ok: the request with the credential applied (headers/query/signature) and the secret values to redact from anything recorded. */
export type CredentialResult = { ok: true; request: OutgoingRequest; secrets: string[] } | { ok: false; status: 424 | 502; code: string; message: string };
type Failure = Extract<CredentialResult, { ok: false }>;

const TTL_MS = 30_000;
/** An OAuth token leaves the cache this long before it expires (the refresh path's own margin). */
const OAUTH_MARGIN_MS = 60_000;

type Material = { value: string; until: number };
type Entry = Material & { projectId: string; workspaceId: string };

const cache = new Map<string, Entry>();
const inflight = new Map<string, { projectId: string; promise: Promise<Material | Failure> }>();
// Bumped by every forget: a load that started before it is used once but not cached.
let generation = 0;

class CredentialFailure extends Error {
  constructor(readonly failure: Failure) {
    super(failure.message);
  }
}
const fail = (status: 424 | 502, code: string, message: string): CredentialFailure => new CredentialFailure({ ok: false, status, code, message });

/** Drops cached decrypted credentials (all, or one project's). */
export function forgetToolCredentials(projectId?: string): void {
  generation++;
  for (const [key, e] of cache) if (projectId === undefined || e.projectId === projectId) cache.delete(key);
  for (const [key, e] of inflight) if (projectId === undefined || e.projectId === projectId) inflight.delete(key);
}

async function loadApiKeySecret(tool: ToolCredentialConfig, connectionId: string): Promise<Material> {
  let loaded: Awaited<ReturnType<typeof getConnectionSecret>>;
  try {
    loaded = await getConnectionSecret({ workspace: { id: tool.workspaceId }, project: { id: tool.projectId } }, connectionId);
  } catch (err) {
    if ((err as { code?: string }).code === "not_found") throw fail(424, "credential_missing", `Connection ${connectionId} does not exist in this project`);
    throw err;
  }
  const { connection, secret } = loaded;
  if (connection.type !== "api_key") throw fail(424, "credential_missing", `Connection ${connectionId} is not an API key connection`);
  if (connection.status === "needs_reconnect") throw fail(424, "needs_reconnect", `Connection ${connectionId} needs to be reconnected`);
  if (!secret) throw fail(424, "credential_missing", `Connection ${connectionId} has no secret`);
  return { value: secret, until: Date.now() + TTL_MS };
}

/**
 * The access token, refreshed through the connection's refresh-under-lock path when near expiry —
 * or when it is `rejected` (the upstream just answered 401 to it: revoked or expired early).
 */
async function loadOAuthToken(tool: ToolCredentialConfig, connectionId: string, rejected?: string): Promise<Material> {
  const scope = { workspace: { id: tool.workspaceId }, project: { id: tool.projectId } };
  const row = await loadOAuthRow(scope, connectionId);
  if (!row) throw fail(424, "credential_missing", `Connection ${connectionId} is not an OAuth connection of this project`);
  if (row.status === "needs_reconnect") throw fail(424, "needs_reconnect", `Connection ${connectionId} needs to be reconnected`);
  let token: string;
  let expiresAt = row.accessTokenExpiresAt;
  if (needsRefresh(row) || rejected !== undefined) {
    token = await refreshOAuthAccessToken(scope, connectionId, { rejected });
    expiresAt = (await loadOAuthRow(scope, connectionId))?.accessTokenExpiresAt ?? null;
  } else {
    const tokens = await openTokens(row);
    if (!tokens) throw fail(424, "credential_missing", `Connection ${connectionId} has no tokens yet`);
    token = tokens.accessToken;
  }
  const until = Math.min(Date.now() + TTL_MS, expiresAt ? expiresAt.getTime() - OAUTH_MARGIN_MS : Infinity);
  return { value: token, until };
}

function toFailure(err: unknown, connectionId: string): Failure {
  if (err instanceof CredentialFailure) return err.failure;
  if (err instanceof OAuthReconnectRequiredError) return { ok: false, status: 424, code: "needs_reconnect", message: `Connection ${connectionId} needs to be reconnected` };
  if (err instanceof OAuthConnectionUnavailableError) return { ok: false, status: 424, code: "credential_missing", message: `Connection ${connectionId} is unavailable` };
  // Vault, database or a provider that could not refresh: nothing a person must fix, try again.
  logger.warn("tool credential unavailable", { connectionId, error: { name: (err as Error)?.name, code: (err as { code?: string })?.code } });
  return { ok: false, status: 502, code: "credential_unavailable", message: `The credential of connection ${connectionId} could not be loaded; try again` };
}

/** The connection's secret or token from the cache, or loaded once however many calls ask at the same time. */
async function material(tool: ToolCredentialConfig, connectionId: string, oauth: boolean, rejected?: string): Promise<Material | Failure> {
  const key = `${oauth ? "oauth" : "secret"}:${connectionId}`;
  const hit = cache.get(key);
  if (hit && hit.value !== rejected && hit.until > Date.now() && hit.projectId === tool.projectId && hit.workspaceId === tool.workspaceId) return hit;
  if (hit) cache.delete(key);
  const running = inflight.get(key);
  if (running && running.projectId === tool.projectId) return running.promise;
  const gen = generation;
  const promise = (oauth ? loadOAuthToken(tool, connectionId, rejected) : loadApiKeySecret(tool, connectionId))
    .then((m): Material => {
      if (gen === generation && m.until > Date.now()) cache.set(key, { ...m, projectId: tool.projectId, workspaceId: tool.workspaceId });
      return m;
    })
    .catch((err: unknown) => toFailure(err, connectionId))
    .finally(() => {
      if (inflight.get(key)?.promise === promise) inflight.delete(key);
    });
  inflight.set(key, { projectId: tool.projectId, promise });
  return promise;
}

/** Headers without any named like `name` (header names are case-insensitive). */
function withoutHeader(headers: Record<string, string>, name: string): Record<string, string> {
  const lower = name.toLowerCase();
  return Object.fromEntries(Object.entries(headers).filter(([k]) => k.toLowerCase() !== lower));
}

/** The URL with `name=value` as its only `name` parameter; the agent's other parameters keep their encoding. */
function withQueryParam(url: URL, name: string, value: string): URL {
  const out = new URL(url);
  const kept = url.search
    .slice(1)
    .split("&")
    .filter((pair) => pair !== "" && new URLSearchParams(pair).keys().next().value !== name);
  out.search = [...kept, `${encodeURIComponent(name)}=${encodeURIComponent(value)}`].join("&");
  return out;
}

function placeApiKey(tool: ToolCredentialConfig, request: OutgoingRequest, key: string): CredentialResult {
  const name = tool.credentialName;
  if (tool.credentialPlacement === "bearer") {
    return { ok: true, request: { ...request, headers: { ...withoutHeader(request.headers, "authorization"), Authorization: `Bearer ${key}` } }, secrets: [key] };
  }
  if (!name) return { ok: false, status: 424, code: "credential_missing", message: `The tool's ${tool.credentialPlacement} placement names no ${tool.credentialPlacement === "header" ? "header" : "query parameter"}` };
  if (tool.credentialPlacement === "header") return { ok: true, request: { ...request, headers: { ...withoutHeader(request.headers, name), [name]: key } }, secrets: [key] };
  return { ok: true, request: { ...request, url: withQueryParam(request.url, name, key) }, secrets: [...new Set([key, encodeURIComponent(key)])] };
}

async function applySigV4(tool: ToolCredentialConfig, request: OutgoingRequest, secret: string): Promise<CredentialResult> {
  const keys = parseAwsKeys(secret);
  if (!keys) return { ok: false, status: 424, code: "credential_invalid", message: `Connection ${tool.connectionId} does not hold an AWS key pair as JSON {"accessKeyId","secretAccessKey","sessionToken"?}` };
  if (!tool.sigv4Service || !tool.sigv4Region) return { ok: false, status: 424, code: "credential_invalid", message: "The tool names no SigV4 service or region" };
  const signed = await signSigV4(request, keys, { service: tool.sigv4Service, region: tool.sigv4Region });
  return { ok: true, request: signed, secrets: [secret, keys.secretAccessKey, ...(keys.sessionToken ? [keys.sessionToken] : [])] };
}

/**
 * The request with the tool's credential applied. `opts.rejected`: the OAuth access token the
 * upstream just refused with 401 — it is refreshed (once across concurrent callers, under the
 * connection's lock) rather than served from the cache again.
 */
export async function applyToolCredential(tool: ToolCredentialConfig, request: OutgoingRequest, opts: { rejected?: string } = {}): Promise<CredentialResult> {
  if (tool.credentialKind === "none") return { ok: true, request, secrets: [] };
  if (!tool.connectionId) return { ok: false, status: 424, code: "credential_missing", message: "The tool's credential is bound to no connection" };
  const oauth = tool.credentialKind === "oauth2";
  const m = await material(tool, tool.connectionId, oauth, oauth ? opts.rejected : undefined);
  if ("ok" in m) return m;
  switch (tool.credentialKind) {
    case "api_key":
      return placeApiKey(tool, request, m.value);
    case "oauth2":
      return placeApiKey({ ...tool, credentialPlacement: "bearer" }, request, m.value);
    case "sigv4":
      return applySigV4(tool, request, m.value);
  }
}
