import { createRemoteJWKSet, errors, jwtVerify, type JWTPayload } from "jose";
import { ApiError } from "@/lib/core/errors";
import { logger } from "@/lib/core/logger";
import { acceptedIssuers, type GoogleConfig } from "./google-config";

export type GoogleIdentity = { sub: string; email: string; name: string | null; picture: string | null };

// One key set per URL: jose caches Google's keys and refetches on an unknown `kid`.
const keySets = new Map<string, ReturnType<typeof createRemoteJWKSet>>();
function keySet(url: string) {
  let set = keySets.get(url);
  if (!set) keySets.set(url, (set = createRemoteJWKSet(new URL(url))));
  return set;
}

const rejected = () => new ApiError("unauthorized", "The Google credential is invalid or has expired");

/**
 * Verifies a Google ID token (One Tap's `credential`): RS256 signature against Google's
 * JWKS, issuer, audience = our client id, expiry, and a verified email. Anything else is a 401.
 */
export async function verifyGoogleIdToken(credential: string, cfg: GoogleConfig): Promise<GoogleIdentity> {
  let payload: JWTPayload;
  try {
    ({ payload } = await jwtVerify(credential, keySet(cfg.jwksUrl), {
      issuer: acceptedIssuers(cfg),
      audience: cfg.clientId,
      algorithms: ["RS256"],
      requiredClaims: ["exp", "iat", "sub"],
    }));
  } catch (err) {
    // Fetch failures of the key set are our problem, not the caller's: surface them as 5xx.
    if (err instanceof errors.JOSEError && !(err instanceof errors.JWKSTimeout)) {
      logger.info("google id token rejected", { code: err.code });
      throw rejected();
    }
    throw err;
  }
  const verified = payload.email_verified === true || payload.email_verified === "true";
  if (typeof payload.email !== "string" || !payload.email || !verified || typeof payload.sub !== "string") throw rejected();
  return {
    sub: payload.sub,
    email: payload.email.toLowerCase(),
    name: typeof payload.name === "string" ? payload.name : null,
    picture: typeof payload.picture === "string" ? payload.picture : null,
  };
}
