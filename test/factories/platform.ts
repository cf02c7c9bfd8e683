import { issuePlatformToken } from "@/lib/platform/platform-tokens";

/** The address platform tests call from, and the allowlist their tokens get by default. */
export const OPERATOR_IP = "203.0.113.4";

/**
 * A platform token issued through the real lib function (what the CLI calls): policy checked,
 * hash + prefix stored, a `platform.token.create` entry written. `headers` sends it from `ip`.
 */
export async function createTestPlatformToken(opts: { ips?: string[]; expires?: string; name?: string } = {}) {
  const issued = await issuePlatformToken({ name: opts.name ?? "vitest operator", ips: opts.ips ?? [`${OPERATOR_IP}/32`], expires: opts.expires ?? "1d", createdBy: "vitest" });
  return { ...issued, headers: (ip: string | null = OPERATOR_IP) => platformHeaders(issued.token, ip) };
}

/** A platform bearer token sent from `ip` (X-Forwarded-For, as the web process appends the peer). */
export function platformHeaders(token: string, ip: string | null = OPERATOR_IP): Record<string, string> {
  return { authorization: `Bearer ${token}`, ...(ip ? { "x-forwarded-for": ip } : {}) };
}
