import type { Agent } from "undici";
import { pinnedAgent } from "@/lib/net/egress/pinned-fetch";
import { resolveAllowedHost } from "@/lib/net/egress/resolve-host";

// Every upstream of the gateway (an agent's endpoint, a model provider) is a tenant-chosen URL:
// its host is checked against the egress policy and the connection pinned to the checked
// address (no second DNS answer can send it elsewhere). The check is cached per host for a few
// seconds so the hot path does not resolve on every call; the pinned undici Agent keeps its
// connections alive.

const RESOLVE_TTL_MS = 10_000;
const resolved = new Map<string, { until: number; value: Promise<{ address: string; family: 4 | 6 }> }>();

export async function upstreamDispatcher(url: URL): Promise<Agent> {
  const now = Date.now();
  let hit = resolved.get(url.hostname);
  if (!hit || hit.until < now) {
    hit = { until: now + RESOLVE_TTL_MS, value: resolveAllowedHost(url.hostname) };
    resolved.set(url.hostname, hit);
    hit.value.catch(() => resolved.delete(url.hostname));
    if (resolved.size > 10_000) resolved.delete(resolved.keys().next().value as string);
  }
  const { address, family } = await hit.value;
  return pinnedAgent(address, family);
}

// Hop-by-hop headers (RFC 9110 §7.6.1) never cross a proxy; Host is the upstream's own.
// Content-Length does cross: bodies are passed through unchanged, and Node's parser has
// already held the client to it.
export const HOP_BY_HOP = new Set(["connection", "keep-alive", "proxy-connection", "proxy-authenticate", "proxy-authorization", "te", "trailer", "transfer-encoding", "upgrade", "host"]);
