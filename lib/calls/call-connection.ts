import { withOAuthAccess } from "@/lib/connections/oauth";
import { pinnedFetch } from "@/lib/net/egress/pinned-fetch";
import { EgressDenied } from "@/lib/net/egress/resolve-host";
import { CallError } from "./call-error";
import { credentialHeaders } from "./credentials";
import { connectionScopeOf, loadConnection, type CallScope } from "./load-connection";
import { readLimited } from "./read-limited";
import { redact, redactHeaders } from "./redact";

// One call to a project connection's API, for any caller (a workflow's HTTP step, the
// gateway's tool proxy). The credential is read from the vault for each call and added to the
// request only, so it never appears in what the caller records, and anything the upstream
// echoes of it is redacted. Every call goes through the egress policy (private addresses
// refused, address pinned, no redirects).

export type ConnectionCall = {
  scope: CallScope;
  connectionId: string;
  /** From connectionUrl(): the connection's base URL plus the path, on the connection's host. */
  url: string;
  method: string;
  /** The caller's headers; any that would carry the credential are ignored. */
  headers: Record<string, string>;
  /** Sent as JSON when present. */
  body?: { json: unknown };
  /** Lets the upstream recognise a repeated call (the engine: run, node and attempt). */
  idempotencyKey?: string;
  signal: AbortSignal;
};

/** The upstream's answer, whatever its status; headers and body redacted, the body parsed when JSON and complete. */
export type ConnectionAnswer = { status: number; headers: Record<string, string>; body: unknown; truncated: boolean };

export async function callConnection(call: ConnectionCall): Promise<ConnectionAnswer> {
  const { signal } = call;
  const conn = await loadConnection(call.scope, call.connectionId);
  const creds = credentialHeaders(conn);
  const credNames = new Set(Object.keys(creds).map((h) => h.toLowerCase()));
  const sent: Record<string, string> = { "User-Agent": "AgentRuntime-Workflows", Accept: "application/json, text/plain;q=0.9, */*;q=0.8" };
  // Credential headers come from the connection, never from the caller.
  for (const [k, v] of Object.entries(call.headers)) if (!credNames.has(k.toLowerCase()) && k.toLowerCase() !== "authorization") sent[k] = v;
  if (call.idempotencyKey !== undefined) sent["Idempotency-Key"] = call.idempotencyKey;
  if (call.body) sent["Content-Type"] = "application/json";
  const secrets = [conn.secret ?? "", ...Object.values(creds)].filter(Boolean);
  const doFetch = (extra: Record<string, string>) =>
    pinnedFetch()(call.url, { method: call.method, headers: { ...sent, ...creds, ...extra }, body: call.body ? JSON.stringify(call.body.json ?? null) : undefined, signal });

  let res: Response;
  try {
    res =
      conn.connection.type === "oauth2"
        ? // The access token is refreshed under the connection's lock when stale or refused (401).
          await withOAuthAccess(connectionScopeOf(call.scope), call.connectionId, async (token) => {
            secrets.push(token);
            return doFetch({ Authorization: `Bearer ${token}` });
          })
        : await doFetch({});
  } catch (err) {
    if (signal.aborted) throw signal.reason;
    if (err instanceof EgressDenied) throw new CallError("egress_denied", err.message, false);
    const e = err as { code?: string; retryable?: boolean; message?: string };
    if (typeof e.code === "string" && e.code.startsWith("oauth_")) throw new CallError(e.code, redact(e.message ?? "OAuth error", secrets), !!e.retryable);
    throw new CallError("network_error", "Could not reach the upstream (connection failed or was refused)", true);
  }
  const { text, truncated } = await readLimited(res).catch(() => {
    if (signal.aborted) throw signal.reason;
    throw new CallError("network_error", "The upstream's response was cut off", true);
  });
  const safeText = redact(text, secrets);
  const isJson = /\bjson\b/i.test(res.headers.get("content-type") ?? "");
  let body: unknown = safeText;
  if (isJson && !truncated) {
    try {
      body = JSON.parse(safeText);
    } catch {
      body = safeText;
    }
  }
  return { status: res.status, headers: redactHeaders(res.headers, secrets), body, truncated };
}
