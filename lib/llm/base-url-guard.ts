import { allowanceFromEnv } from "@/lib/net/egress/address-policy";
import { EgressDenied, resolveAllowedHost } from "@/lib/net/egress/resolve-host";

export { isPrivateAddress } from "@/lib/net/egress/address-policy";

// Provider base URLs are chosen by tenants: the shared egress policy applies, with the LLM
// allowances LLM_ALLOW_PRIVATE_BASE_URLS=1 or hosts in LLM_BASE_URL_ALLOWLIST.
export const llmAllowance = () => allowanceFromEnv("LLM_ALLOW_PRIVATE_BASE_URLS", "LLM_BASE_URL_ALLOWLIST");

/** Why a base URL may not be used, or null when it may. Resolves the host name. */
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
    await resolveAllowedHost(url.hostname, llmAllowance());
    return null;
  } catch (err) {
    if (err instanceof EgressDenied) return err.message;
    throw err;
  }
}
