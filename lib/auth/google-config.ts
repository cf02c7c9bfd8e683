// "Sign in with Google" is enabled by GOOGLE_CLIENT_ID (+ GOOGLE_CLIENT_SECRET for the
// redirect flow). GOOGLE_ISSUER and GOOGLE_JWKS_URL exist so tests and staging can point at
// a local OpenID provider.
const GOOGLE_ISSUER_DEFAULT = "https://accounts.google.com";
const GOOGLE_JWKS_DEFAULT = "https://www.googleapis.com/oauth2/v3/certs";

export type GoogleConfig = { clientId: string; clientSecret: string | null; issuer: string; jwksUrl: string };

export function googleConfig(): GoogleConfig | null {
  const clientId = process.env.GOOGLE_CLIENT_ID?.trim();
  if (!clientId) return null;
  return {
    clientId,
    clientSecret: process.env.GOOGLE_CLIENT_SECRET?.trim() || null,
    issuer: (process.env.GOOGLE_ISSUER?.trim() || GOOGLE_ISSUER_DEFAULT).replace(/\/+$/, ""),
    jwksUrl: process.env.GOOGLE_JWKS_URL?.trim() || GOOGLE_JWKS_DEFAULT,
  };
}

/** Issuers an ID token may carry: Google uses both spellings; a configured test issuer too. */
export function acceptedIssuers(cfg: GoogleConfig): string[] {
  return [...new Set(["accounts.google.com", GOOGLE_ISSUER_DEFAULT, cfg.issuer])];
}
