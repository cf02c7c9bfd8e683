import { createRemoteJWKSet, customFetch, jwtVerify, type JWTPayload } from "jose";
import { intEnv } from "@/lib/core/env";
import { pinnedFetch } from "@/lib/net/egress/pinned-fetch";

// End-user JWTs are verified against the agent's identity provider. One remote key set per
// JWKS URL (shared by every agent that names it), fetched through the pinned egress fetch so
// the SSRF rules hold for it as for any tenant-chosen URL. jose refetches the set when a token
// names a kid it does not know (after a cooldown), which is how provider key rotation is
// picked up; the set is also refreshed after cacheMaxAge.

type KeySet = ReturnType<typeof createRemoteJWKSet>;
const sets = new Map<string, KeySet>();
const MAX_SETS = 1_000;

function keySet(url: string): KeySet {
  let set = sets.get(url);
  if (!set) {
    if (sets.size >= MAX_SETS) sets.delete(sets.keys().next().value as string);
    set = createRemoteJWKSet(new URL(url), {
      timeoutDuration: 5_000,
      cooldownDuration: intEnv("GATEWAY_JWKS_COOLDOWN_MS", 30_000, { min: 0, invalid: "fallback" }),
      cacheMaxAge: intEnv("GATEWAY_JWKS_MAX_AGE_MS", 600_000, { invalid: "fallback" }),
      [customFetch]: pinnedFetch(),
    });
    sets.set(url, set);
  }
  return set;
}

export type IdentityProvider = { jwksUrl: string; issuer: string; audiences: string[]; algorithms: string[]; userClaim: string };

export type VerifiedUser = { ok: true; endUserId: string } | { ok: false; reason: string };

/**
 * Verifies signature (against the JWKS, with the allowed algorithms only), issuer, audience
 * and expiry (required), and extracts the configured claim.
 */
export async function verifyEndUser(jwt: string, idp: IdentityProvider): Promise<VerifiedUser> {
  let payload: JWTPayload;
  try {
    ({ payload } = await jwtVerify(jwt, keySet(idp.jwksUrl), {
      algorithms: idp.algorithms,
      issuer: idp.issuer,
      audience: idp.audiences,
      requiredClaims: ["exp"],
      clockTolerance: 30,
    }));
  } catch (err) {
    const code = (err as { code?: string }).code ?? "ERR_JWT_INVALID";
    return { ok: false, reason: code };
  }
  const value = payload[idp.userClaim];
  if ((typeof value !== "string" || value === "") && typeof value !== "number") return { ok: false, reason: "ERR_JWT_CLAIM_MISSING" };
  const endUserId = String(value);
  if (endUserId.length > 256 || /[\r\n\0]/.test(endUserId)) return { ok: false, reason: "ERR_JWT_CLAIM_INVALID" };
  return { ok: true, endUserId };
}
