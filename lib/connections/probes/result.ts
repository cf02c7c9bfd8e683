import { EgressDenied } from "@/lib/net/egress/resolve-host";
import { TimeoutError } from "@/lib/net/egress/safe-request";

export type ProbeResult = { ok: true } | { ok: false; reason: string };

export const ok: ProbeResult = { ok: true };
export const fail = (reason: string): ProbeResult => ({ ok: false, reason });

/**
 * A clear sentence for an upstream HTTP status. Upstream bodies are never echoed: they can
 * carry the key back, internal hostnames or anything else the vendor chose to say.
 */
export function httpReason(status: number): ProbeResult {
  if (status >= 200 && status < 300) return ok;
  if (status === 401 || status === 403) return fail(`The service rejected the credentials (${status})`);
  if (status === 404) return fail("The service answered 404 Not Found: check the base URL or the IDs");
  if (status === 429) return fail("The service is rate limiting requests (429); try again later");
  if (status >= 300 && status < 400) return fail(`The service answered with a redirect (${status}), which is not followed: check the base URL`);
  if (status >= 500) return fail(`The service had an internal error (${status}); try again later`);
  return fail(`The service answered HTTP ${status}`);
}

const NETWORK_REASONS: Record<string, string> = {
  ECONNREFUSED: "The connection was refused: nothing is listening at that host and port",
  ECONNRESET: "The connection was reset by the other side",
  ENOTFOUND: "The host could not be resolved",
  EAI_AGAIN: "The host could not be resolved (DNS lookup failed)",
  EHOSTUNREACH: "The host is unreachable",
  ENETUNREACH: "The network is unreachable",
  ETIMEDOUT: "The connection timed out",
  CERT_HAS_EXPIRED: "The TLS certificate has expired",
  DEPTH_ZERO_SELF_SIGNED_CERT: "The TLS certificate is self-signed",
  ERR_TLS_CERT_ALTNAME_INVALID: "The TLS certificate does not match the host",
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: "The TLS certificate could not be verified",
};

function codeOf(err: unknown): string | undefined {
  const e = err as { code?: unknown; cause?: { code?: unknown }; errors?: { code?: unknown }[] };
  for (const c of [e?.code, e?.cause?.code, e?.errors?.[0]?.code]) if (typeof c === "string") return c;
  return undefined;
}

/** Egress refusals, timeouts and socket errors as sentences without any driver message in them. */
export function networkReason(err: unknown, fallback = "Could not reach the service"): ProbeResult {
  if (err instanceof EgressDenied) return fail(err.message);
  if (err instanceof TimeoutError) return fail(`The service did not answer in time (${err.message.replace(/^No answer within /, "")})`);
  const code = codeOf(err);
  if (code && NETWORK_REASONS[code]) return fail(NETWORK_REASONS[code]);
  return fail(fallback);
}
