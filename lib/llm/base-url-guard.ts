import { EgressDenied, type EgressDeniedKind, resolveAllowedHost } from "@/lib/net/egress/resolve-host";

export { isPrivateAddress } from "@/lib/net/egress/address-policy";

export type BaseUrlIssue = { kind: EgressDeniedKind; message: string };

/**
 * Why a base URL may not be used, or null when it may. Resolves the host name. Base URLs are
 * chosen by tenants: the shared egress policy applies, opened only by EGRESS_ALLOWED_HOSTS /
 * EGRESS_ALLOW_PRIVATE_NETWORKS (lib/net/egress/allowance.ts).
 */
export async function baseUrlIssue(raw: string): Promise<BaseUrlIssue | null> {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return { kind: "invalid", message: "Must be an absolute URL" };
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") return { kind: "invalid", message: "Must be an http(s) URL" };
  if (url.username || url.password) return { kind: "invalid", message: "Must not contain credentials" };
  try {
    await resolveAllowedHost(url.hostname);
    return null;
  } catch (err) {
    if (err instanceof EgressDenied) return { kind: err.kind, message: err.message };
    throw err;
  }
}

/** baseUrlIssue's message alone. */
export async function baseUrlProblem(raw: string): Promise<string | null> {
  return (await baseUrlIssue(raw))?.message ?? null;
}
