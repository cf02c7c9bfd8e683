import { chargeFor } from "@/lib/billing/pricing";
import { API_KEY_VENDORS, type ApiKeyProvider } from "@/lib/connections/catalog";
import { getConnectionSecret } from "@/lib/connections/get-connection-secret";
import { withOAuthAccess } from "@/lib/connections/oauth";
import { pinnedFetch } from "@/lib/net/egress/pinned-fetch";
import { EgressDenied } from "@/lib/net/egress/resolve-host";
import { httpCallEstimate } from "@/lib/metering/estimate";
import { evaluateExpression, renderTemplate } from "@/lib/workflows/evaluate-expression";
import { ExpressionError } from "@/lib/workflows/expressions";
import type { NodeOf } from "@/lib/schemas/workflow-graph";
import { StepError } from "../step-error";
import type { ExecContext, PreparedCall } from "./types";

// An HTTP step: a call to a project connection's API. The URL is the connection's base URL plus
// the rendered path (which cannot leave that origin); the credential is read from the vault for
// each attempt and added to the request only, so it never appears in the step's input, output,
// error or events, and anything an upstream echoes of it is redacted. Every call goes through
// the egress policy (private addresses refused, address pinned, no redirects).

const MAX_RESPONSE_BYTES = 256 * 1024;
const SENSITIVE_HEADER = /^(authorization|proxy-authorization|cookie|set-cookie|www-authenticate|proxy-authenticate|x-api-key|api-key|x-auth-token)$|token|secret|key|credential|session/i;

const OAUTH_API_BASE: Record<string, { env: string; url: string }> = {
  google: { env: "GOOGLE_API_BASE_URL", url: "https://www.googleapis.com" },
  linkedin: { env: "LINKEDIN_API_BASE_URL", url: "https://api.linkedin.com" },
};

type Connection = Awaited<ReturnType<typeof getConnectionSecret>>;

function baseUrlOf({ connection }: Connection): string {
  const fields = connection.fields as { baseUrl?: string };
  if (connection.type === "api_key") {
    const base = fields.baseUrl ?? (connection.provider === "custom" ? null : API_KEY_VENDORS[connection.provider as Exclude<ApiKeyProvider, "custom">]?.defaultBaseUrl);
    if (base) return base;
  } else if (connection.type === "oauth2" && OAUTH_API_BASE[connection.provider]) {
    const o = OAUTH_API_BASE[connection.provider];
    return process.env[o.env] || o.url;
  } else if (connection.type === "whatsapp") {
    return process.env.WHATSAPP_GRAPH_URL || "https://graph.facebook.com";
  }
  throw new StepError("unsupported_connection", `Connection ${connection.id} (${connection.type}/${connection.provider}) cannot be called by an HTTP step`, false);
}

/** Headers carrying the credential (api_key and whatsapp; OAuth adds its bearer per call). */
function credentialHeaders({ connection, secret }: Connection): Record<string, string> {
  if (!secret) return {};
  if (connection.type === "whatsapp") return { Authorization: `Bearer ${secret}` };
  if (connection.type !== "api_key") return {};
  const f = connection.fields as { headerName?: string; headerPrefix?: string };
  if (connection.provider === "custom") return f.headerName ? { [f.headerName]: `${f.headerPrefix ?? ""}${secret}` } : {};
  return API_KEY_VENDORS[connection.provider as Exclude<ApiKeyProvider, "custom">]?.authHeaders(secret) ?? {};
}

function joinUrl(base: string, path: string): string {
  const baseUrl = new URL(base);
  const url = new URL(base.replace(/\/+$/, "") + (path.startsWith("/") ? path : `/${path}`));
  if (url.origin !== baseUrl.origin) throw new StepError("invalid_path", "The path must stay on the connection's host", false);
  return url.toString();
}

async function readLimited(res: Response): Promise<{ text: string; truncated: boolean }> {
  if (!res.body) return { text: "", truncated: false };
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  let truncated = false;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    size += value.length;
    if (size > MAX_RESPONSE_BYTES) {
      truncated = true;
      await reader.cancel();
      break;
    }
  }
  const text = Buffer.concat(chunks).subarray(0, MAX_RESPONSE_BYTES).toString("utf8");
  return { text, truncated };
}

function redact(text: string, secrets: string[]): string {
  let out = text;
  for (const s of secrets) if (s.length >= 4) out = out.split(s).join("[redacted]");
  return out;
}

async function renderOrFail<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (err instanceof ExpressionError) throw new StepError("expression_error", err.message, false);
    throw err;
  }
}

export async function prepareHttp(node: NodeOf<"http">, ctx: ExecContext): Promise<PreparedCall> {
  const c = node.config;
  const scope = { workspace: { id: ctx.run.workspaceId }, project: { id: ctx.run.projectId } };
  const path = await renderOrFail(() => renderTemplate(c.path, ctx.scope));
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(c.headers)) headers[name] = await renderOrFail(() => renderTemplate(value, ctx.scope));
  const hasBody = c.method !== "GET" && c.body !== undefined;
  const body = hasBody ? await renderOrFail(() => evaluateExpression(c.body!, ctx.scope)) : undefined;
  // Resolved now (without using the secret) so a bad connection fails before any attempt.
  const url = joinUrl(baseUrlOf(await loadConnection(scope, c.connectionId)), path);

  return {
    input: { connectionId: c.connectionId, method: c.method, url, headers, ...(hasBody ? { body } : {}) },
    estimate: httpCallEstimate(),
    async call(attempt, signal) {
      const conn = await loadConnection(scope, c.connectionId);
      const creds = credentialHeaders(conn);
      const credNames = new Set(Object.keys(creds).map((h) => h.toLowerCase()));
      const sent: Record<string, string> = { "User-Agent": "AgentRuntime-Workflows", Accept: "application/json, text/plain;q=0.9, */*;q=0.8" };
      // Credential headers come from the connection, never from the node.
      for (const [k, v] of Object.entries(headers)) if (!credNames.has(k.toLowerCase()) && k.toLowerCase() !== "authorization") sent[k] = v;
      sent["Idempotency-Key"] = `${ctx.run.id}:${node.id}:${attempt}`;
      if (hasBody) sent["Content-Type"] = "application/json";
      const secrets = [conn.secret ?? "", ...Object.values(creds)].filter(Boolean);
      const doFetch = (extra: Record<string, string>) =>
        pinnedFetch()(url, { method: c.method, headers: { ...sent, ...creds, ...extra }, body: hasBody ? JSON.stringify(body ?? null) : undefined, signal });

      let res: Response;
      try {
        res =
          conn.connection.type === "oauth2"
            ? await withOAuthAccess(scope, c.connectionId, async (token) => {
                secrets.push(token);
                return doFetch({ Authorization: `Bearer ${token}` });
              })
            : await doFetch({});
      } catch (err) {
        if (signal.aborted) throw signal.reason;
        if (err instanceof EgressDenied) throw new StepError("egress_denied", err.message, false);
        const e = err as { code?: string; retryable?: boolean; message?: string };
        if (typeof e.code === "string" && e.code.startsWith("oauth_")) throw new StepError(e.code, redact(e.message ?? "OAuth error", secrets), !!e.retryable);
        throw new StepError("network_error", "Could not reach the upstream (connection failed or was refused)", true);
      }
      const { text, truncated } = await readLimited(res).catch(() => {
        if (signal.aborted) throw signal.reason;
        throw new StepError("network_error", "The upstream's response was cut off", true);
      });
      const safeText = redact(text, secrets);
      const respHeaders: Record<string, string> = {};
      res.headers.forEach((v, k) => {
        if (!SENSITIVE_HEADER.test(k)) respHeaders[k] = redact(v, secrets);
      });
      const isJson = /\bjson\b/i.test(res.headers.get("content-type") ?? "");
      let parsed: unknown = safeText;
      if (isJson && !truncated) {
        try {
          parsed = JSON.parse(safeText);
        } catch {
          parsed = safeText;
        }
      }
      const usage = [{ kind: "http" as const, charge: chargeFor({ kind: "http" }) }];
      if (res.status >= 200 && res.status < 300) {
        return { output: { status: res.status, headers: respHeaders, body: parsed, ...(truncated ? { truncated: true } : {}) }, usage };
      }
      // 5xx and 429 may succeed later; any other status will not.
      const retryable = res.status >= 500 || res.status === 429;
      throw new StepError("http_error", `The upstream answered ${res.status}`, retryable, { status: res.status, body: typeof parsed === "string" ? parsed.slice(0, 2048) : parsed });
    },
  };
}

async function loadConnection(scope: { workspace: { id: string }; project: { id: string } }, id: string): Promise<Connection> {
  try {
    return await getConnectionSecret(scope, id);
  } catch (err) {
    if ((err as { code?: string }).code === "not_found") throw new StepError("connection_not_found", `Connection ${id} does not exist in this project`, false);
    throw err;
  }
}
