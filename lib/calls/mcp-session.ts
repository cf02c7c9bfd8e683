import { Client, ProtocolError, StreamableHTTPClientTransport, type FetchLike } from "@modelcontextprotocol/client";
import { withOAuthAccess } from "@/lib/connections/oauth";
import { positiveEnv } from "@/lib/core/env";
import { pinnedFetch } from "@/lib/net/egress/pinned-fetch";
import { EgressDenied } from "@/lib/net/egress/resolve-host";
import { CallError } from "./call-error";
import { assertCredentialHost } from "./credential-host";
import { credentialForms, placeCredential, type CredentialPlacement } from "./mcp-credential";
import { connectionScopeOf, loadConnection, type CallScope } from "./load-connection";
import { MAX_RESPONSE_BYTES } from "./read-limited";
import { redact } from "./redact";

// One conversation with a remote MCP server for an instance, through the official SDK client.
// The client is handed a fetch of our own: it applies the egress policy (pinned address, no
// redirects), refuses any other origin than the instance's, drops whatever credential headers
// arrive from above and places the connection's secret, read from the vault for this session
// only. So neither the platform's PAT nor any caller header reaches the upstream, and the SDK
// never sees the secret. Errors carry a safe code and message, never the upstream's text.

export type McpEndpoint = {
  scope: CallScope;
  url: string;
  connectionId: string | null;
  credentialPlacement: CredentialPlacement;
  credentialName: string | null;
  /** The era the last sync found: "legacy" skips the 2026-07-28 probe. */
  protocolEra?: string | null;
};

export type McpSession = { client: Client; era: "modern" | "legacy"; secrets: string[] };

const MAX_ANSWER_BYTES = 4 * MAX_RESPONSE_BYTES;
const DROPPED_HEADERS = ["authorization", "proxy-authorization", "cookie"];

/** The default budget of one MCP session (connect, then list or call). */
export function mcpTimeoutMs(): number {
  return positiveEnv("MCP_CALL_TIMEOUT_MS", 30_000);
}

/** Opens a session, runs `fn` in it and closes it; OAuth connections get one refresh on a 401. */
export async function withMcpSession<T>(endpoint: McpEndpoint, signal: AbortSignal, fn: (session: McpSession) => Promise<T>): Promise<T> {
  const conn = endpoint.connectionId ? await loadConnection(endpoint.scope, endpoint.connectionId) : null;
  if (!conn) return runSession(endpoint, null, signal, fn);
  const { type } = conn.connection;
  if (type === "database") throw new CallError("unsupported_connection", "A database connection cannot authenticate an MCP server", false);
  assertCredentialHost(conn.connection, endpoint.url);
  if (type !== "oauth2") return runSession(endpoint, conn.secret, signal, fn);
  const connectionId = endpoint.connectionId as string;
  try {
    // The access token is refreshed once (under the connection's lock) when the server answers 401.
    return await withOAuthAccess(connectionScopeOf(endpoint.scope), connectionId, (token) => runSession({ ...endpoint, credentialPlacement: "bearer" }, token, signal, fn));
  } catch (err) {
    const e = err as { code?: unknown; retryable?: unknown };
    if (typeof e.code === "string" && e.code.startsWith("oauth_")) throw new CallError(e.code, "The OAuth connection needs attention (reconnect or retry later)", e.retryable === true);
    throw err;
  }
}

async function runSession<T>(endpoint: McpEndpoint, secret: string | null, signal: AbortSignal, fn: (session: McpSession) => Promise<T>): Promise<T> {
  const target = new URL(endpoint.url);
  const secrets = secret ? credentialForms(endpoint.credentialPlacement, endpoint.credentialName, secret) : [];
  const seen = { status: 0 };
  const egress = pinnedFetch();
  const fetchWithCredential: FetchLike = async (input, init) => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    if (url.origin !== target.origin) throw new EgressDenied("The MCP client tried to reach another origin than the instance's");
    const headers = new Headers(init?.headers);
    for (const h of DROPPED_HEADERS) headers.delete(h);
    if (secret) placeCredential(url, headers, endpoint.credentialPlacement, endpoint.credentialName, secret);
    const res = await egress(url, { ...init, headers, signal: init?.signal ? AbortSignal.any([init.signal, signal]) : signal });
    // The 2025 era's optional GET stream is often answered 405: that says nothing about the call.
    if ((init?.method ?? "GET") !== "GET") seen.status = res.status;
    return capped(res);
  };
  const client = new Client({ name: "AgentRuntime", version: "1.0.0" }, { versionNegotiation: { mode: "auto" } });
  const transport = new StreamableHTTPClientTransport(target, { fetch: fetchWithCredential, requestInit: { redirect: "error" } });
  const timeout = mcpTimeoutMs();
  try {
    await client.connect(transport, { signal, timeout, ...(endpoint.protocolEra === "legacy" ? { prior: { kind: "legacy" as const } } : {}) });
    return await fn({ client, era: client.getProtocolEra() === "modern" ? "modern" : "legacy", secrets });
  } catch (err) {
    throw toCallError(err, signal, seen.status, secrets);
  } finally {
    await client.close().catch(() => undefined);
  }
}

/** An upstream error as a safe CallError; `status` 401 lets an OAuth connection refresh once. */
function toCallError(err: unknown, signal: AbortSignal, status: number, secrets: string[]): Error {
  if (err instanceof CallError) return err;
  if (signal.aborted) return new CallError("timeout", "The MCP server did not answer in time", true);
  const cause = (err as { cause?: unknown })?.cause;
  if (err instanceof EgressDenied || cause instanceof EgressDenied) return new CallError("egress_denied", redact((err instanceof EgressDenied ? err : (cause as Error)).message, secrets), false);
  if (status === 401 || status === 403) return Object.assign(new CallError("upstream_unauthorized", `The MCP server refused the credential (HTTP ${status})`, false), { status });
  if (err instanceof ProtocolError) return new CallError("mcp_protocol_error", `The MCP server answered with error ${err.code}`, false);
  if (status >= 400) return new CallError("upstream_error", `The MCP server answered HTTP ${status}`, status >= 500 || status === 429);
  return new CallError("mcp_unreachable", "Could not reach the MCP server, or it did not speak MCP", true);
}

/** The response with its body cut off past a cap: an endless stream cannot exhaust memory. */
function capped(res: Response): Response {
  if (!res.body) return res;
  let size = 0;
  const limit = new TransformStream<Uint8Array, Uint8Array>({
    transform(chunk, controller) {
      size += chunk.byteLength;
      if (size > MAX_ANSWER_BYTES) controller.error(new Error("The MCP server's answer is too large"));
      else controller.enqueue(chunk);
    },
  });
  return new Response(res.body.pipeThrough(limit), { status: res.status, statusText: res.statusText, headers: res.headers });
}
