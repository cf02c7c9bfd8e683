import { EgressDenied, resolveAllowedHost } from "@/lib/net/egress/resolve-host";
import { isPrivateAddress } from "@/lib/net/egress/address-policy";
import { egressAllowance, isListed } from "@/lib/net/egress/allowance";
import { webhookConfig } from "./config";

// Where a webhook may be sent. Checked when the URL is saved (a clear 422) and again before
// every attempt, since DNS answers change: the address checked here is the one connected to.

export class EndpointUrlError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "EndpointUrlError";
  }
}

type CheckedUrl = { url: URL; address: string; family: 4 | 6 };

const bare = (host: string) => (host.startsWith("[") && host.endsWith("]") ? host.slice(1, -1) : host);

/** Parses, applies the scheme rules and the egress policy; returns the address to connect to. */
export async function checkEndpointUrl(raw: string): Promise<CheckedUrl> {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new EndpointUrlError("The URL is not valid");
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") throw new EndpointUrlError("Only https URLs are allowed");
  if (url.username || url.password) throw new EndpointUrlError("Credentials do not belong in the URL");
  const allow = egressAllowance();
  const host = bare(url.hostname);
  let resolved: { address: string; family: 4 | 6 };
  try {
    resolved = await resolveAllowedHost(host, allow);
  } catch (err) {
    if (err instanceof EgressDenied) throw new EndpointUrlError(err.message);
    throw err;
  }
  // Plain http is for destinations the operator opened: listed in EGRESS_ALLOWED_HOSTS, or a
  // non-public address under EGRESS_ALLOW_PRIVATE_NETWORKS=1 (a receiver on the same network);
  // everywhere only with WEBHOOK_ALLOW_HTTP=1.
  const opened = isListed(allow, host, resolved.address) || (allow.all && isPrivateAddress(resolved.address));
  if (url.protocol === "http:" && !webhookConfig.allowHttp() && !opened) {
    throw new EndpointUrlError("Use an https URL (http is only allowed for hosts the server allows)");
  }
  return { url, ...resolved };
}

/** Why a URL may not be used, or null. */
export async function endpointUrlProblem(raw: string): Promise<string | null> {
  try {
    await checkEndpointUrl(raw);
    return null;
  } catch (err) {
    if (err instanceof EndpointUrlError) return err.message;
    throw err;
  }
}
