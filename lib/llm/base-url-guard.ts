import { EgressDenied, resolveAllowedHost } from "@/lib/net/egress/resolve-host";

export { isPrivateAddress } from "@/lib/net/egress/address-policy";

/**
 * Why a base URL may not be used, or null when it may. Resolves the host name. Base URLs are
 * chosen by tenants: the shared egress policy applies, opened only by EGRESS_ALLOWED_HOSTS /
 * EGRESS_ALLOW_PRIVATE_NETWORKS (lib/net/egress/allowance.ts).
 */
export async function baseUrlProblem(raw: string): Promise<string | null> {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return "Must be an absolute URL";
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") return "Must be an http(s) URL";
  if (url.username || url.password) return "Must not contain credentials";
  try {
    await resolveAllowedHost(url.hostname);
    return null;
  } catch (err) {
    if (err instanceof EgressDenied) return err.message;
    throw err;
  }
}
