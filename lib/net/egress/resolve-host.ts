import { lookup } from "node:dns/promises";
import { isIP } from "node:net";
import { isPrivateAddress } from "./address-policy";
import { egressAllowance, isAllowedPrivate, type PrivateAllowance } from "./allowance";

/** Why: the destination is malformed, its name does not resolve, or an address is not public. */
export type EgressDeniedKind = "invalid" | "unresolved" | "private";

export class EgressDenied extends Error {
  constructor(
    message: string,
    readonly kind: EgressDeniedKind = "invalid",
  ) {
    super(message);
    this.name = "EgressDenied";
  }
}

const bare = (host: string) => (host.startsWith("[") && host.endsWith("]") ? host.slice(1, -1) : host);

/**
 * Resolves a host and checks every address it maps to; returns the address to connect to.
 * Callers connect to this address (not the name again), so a DNS answer that changes
 * between check and connect cannot redirect the call.
 */
export async function resolveAllowedHost(rawHost: string, allow: PrivateAllowance = egressAllowance()): Promise<{ address: string; family: 4 | 6 }> {
  const host = bare(rawHost.trim());
  if (!host) throw new EgressDenied("The destination has no host");
  let addresses: { address: string; family: number }[];
  if (isIP(host)) addresses = [{ address: host, family: isIP(host) }];
  else {
    try {
      addresses = await lookup(host, { all: true, verbatim: true });
    } catch {
      throw new EgressDenied(`The host ${host} could not be resolved`, "unresolved");
    }
  }
  if (!addresses.length) throw new EgressDenied(`The host ${host} could not be resolved`, "unresolved");
  for (const a of addresses) {
    if (isPrivateAddress(a.address) && !isAllowedPrivate(allow, host, a.address)) {
      throw new EgressDenied(`The destination ${host} is not a public address (private, loopback or link-local and other special-purpose ranges are not allowed)`, "private");
    }
  }
  return { address: addresses[0].address, family: addresses[0].family === 6 ? 6 : 4 };
}
