import type { LookupFunction } from "node:net";
import { Agent } from "undici";
import { egressAllowance, type PrivateAllowance } from "./allowance";
import { resolveAllowedHost } from "./resolve-host";

// fetch() for tenant-chosen URLs (LLM base URLs; later the tool proxy). Checking a host name
// and then letting fetch resolve it again leaves a window for DNS rebinding: the second
// answer could be 169.254.169.254. So the checked address is pinned into the connection
// (TLS still verifies the certificate against the host name), and redirects are refused.

const MAX_AGENTS = 256;
const agents = new Map<string, Agent>();

/** A keep-alive dispatcher whose every connection goes to `address`, whatever name is asked. */
export function pinnedAgent(address: string, family: 4 | 6): Agent {
  const key = `${family}|${address}`;
  let agent = agents.get(key);
  if (!agent) {
    const lookup: LookupFunction = (_host, opts, cb) => {
      if ((opts as { all?: boolean }).all) (cb as unknown as (e: null, a: { address: string; family: number }[]) => void)(null, [{ address, family }]);
      else cb(null, address, family);
    };
    agent = new Agent({ connect: { lookup }, keepAliveTimeout: 10_000 });
    if (agents.size >= MAX_AGENTS) {
      const [oldestKey, oldest] = agents.entries().next().value as [string, Agent];
      agents.delete(oldestKey);
      void oldest.close();
    }
    agents.set(key, agent);
  }
  return agent;
}

function urlOf(input: RequestInfo | URL): URL {
  return new URL(typeof input === "string" ? input : input instanceof URL ? input.href : input.url);
}

/** A fetch that applies the egress policy (configured allowance unless `allow` is given), pins the checked address and refuses redirects. */
export function pinnedFetch(allow?: PrivateAllowance): typeof fetch {
  return async (input, init) => {
    const { address, family } = await resolveAllowedHost(urlOf(input).hostname, allow ?? egressAllowance());
    return fetch(input, { ...init, redirect: "error", dispatcher: pinnedAgent(address, family) } as RequestInit);
  };
}
