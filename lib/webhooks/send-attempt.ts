import { pinnedAgent } from "@/lib/net/egress/pinned-fetch";
import { webhookConfig } from "./config";
import { checkEndpointUrl, EndpointUrlError } from "./endpoint-url";
import { EVENT_ID_HEADER, signatureHeader, SIGNATURE_HEADER, TIMESTAMP_HEADER } from "./verify";

// One HTTP attempt of a delivery: the URL checked against the egress policy again (DNS may
// have changed since it was saved) and the checked address pinned for the connection, a
// hard deadline, redirects answered as failures rather than followed, and only a short,
// sanitised excerpt of the answer kept for the log.

export type DeliveryPayload = { id: string; type: string; createdAt: string; data: unknown };

export type AttemptOutcome = {
  ok: boolean;
  statusCode: number | null;
  latencyMs: number;
  error: string | null;
};

const EXCERPT_CHARS = 200;
const USER_AGENT = "AgentRuntime-Webhooks/1";

/** The exact bytes sent (and signed): keys in a fixed order, whatever order the row stored them in. */
function deliveryBody(payload: DeliveryPayload): string {
  return JSON.stringify({ id: payload.id, type: payload.type, createdAt: payload.createdAt, data: payload.data ?? {} });
}

async function excerpt(res: Response): Promise<string> {
  if (!res.body) return "";
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    while (size < 1024) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      size += value.byteLength;
    }
  } catch {
    // A body cut off mid-way still leaves what arrived.
  } finally {
    void reader.cancel().catch(() => undefined);
  }
  const text = Buffer.concat(chunks).toString("utf8").replace(/[\u0000-\u001f\u007f]+/g, " ").trim();
  return text.length > EXCERPT_CHARS ? `${text.slice(0, EXCERPT_CHARS)}…` : text;
}

function describeError(err: unknown, timeoutMs: number): string {
  const e = err as { name?: string; cause?: { code?: string; name?: string } };
  if (e?.name === "TimeoutError" || e?.name === "AbortError" || e?.cause?.name === "ConnectTimeoutError") return `No answer within ${timeoutMs >= 1000 ? `${Math.round(timeoutMs / 1000)} s` : `${timeoutMs} ms`}`;
  const code = e?.cause?.code;
  if (code === "ECONNREFUSED") return "Connection refused";
  if (code === "ECONNRESET" || code === "UND_ERR_SOCKET") return "Connection reset by the endpoint";
  if (code === "ENOTFOUND" || code === "EAI_AGAIN") return "The host could not be resolved";
  if (typeof code === "string" && /^ERR_TLS|CERT|SSL/.test(code)) return `TLS failed (${code})`;
  return typeof code === "string" ? `Connection failed (${code})` : "Connection failed";
}

/**
 * POSTs the payload to `url`, signed with every secret in `secrets` (newest first). Never
 * throws for the endpoint's failures: they become the outcome's `error`.
 */
export async function sendAttempt(
  target: { url: string; secrets: string[] },
  payload: DeliveryPayload,
  opts: { timeoutMs?: number; now?: Date } = {},
): Promise<AttemptOutcome> {
  const timeoutMs = opts.timeoutMs ?? webhookConfig.timeoutMs();
  const started = performance.now();
  const latency = () => Math.round(performance.now() - started);
  let checked;
  try {
    checked = await checkEndpointUrl(target.url);
  } catch (err) {
    if (err instanceof EndpointUrlError) return { ok: false, statusCode: null, latencyMs: 0, error: `Refused: ${err.message}` };
    throw err;
  }
  const body = deliveryBody(payload);
  const timestamp = String(Math.floor((opts.now ?? new Date()).getTime() / 1000));
  const headers = {
    "content-type": "application/json",
    "user-agent": USER_AGENT,
    [EVENT_ID_HEADER]: payload.id,
    [TIMESTAMP_HEADER]: timestamp,
    [SIGNATURE_HEADER]: signatureHeader(target.secrets, timestamp, body),
  };
  try {
    const res = await fetch(checked.url, {
      method: "POST",
      headers,
      body,
      redirect: "manual",
      signal: AbortSignal.timeout(timeoutMs),
      dispatcher: pinnedAgent(checked.address, checked.family),
    } as RequestInit);
    const text = await excerpt(res);
    const statusCode = res.status;
    if (statusCode >= 200 && statusCode < 300) return { ok: true, statusCode, latencyMs: latency(), error: null };
    const what = statusCode >= 300 && statusCode < 400 ? `Redirect (HTTP ${statusCode}) not followed` : `HTTP ${statusCode}`;
    return { ok: false, statusCode, latencyMs: latency(), error: text ? `${what}: ${text}` : what };
  } catch (err) {
    return { ok: false, statusCode: null, latencyMs: latency(), error: describeError(err, timeoutMs) };
  }
}
