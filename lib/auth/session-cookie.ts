import { encode } from "next-auth/jwt";
import { recordAudit } from "@/lib/audit/record";
import type { RequestMeta } from "@/lib/core/scope";
import { authSecret, createSession, SESSION_MAX_AGE_SECONDS, sessionCookieName, secureCookies } from "./session";

// The session cookie exactly as Auth.js writes it (same name, options, JWE encoding with
// salt = cookie name), so cookies issued by our JSON endpoints and by Auth.js's own flows
// are interchangeable and both resolve through sessionFromCookies.

type SessionCookieOptions = { httpOnly: true; sameSite: "lax"; path: "/"; secure: boolean; domain?: string };

/** HttpOnly, SameSite=Lax, path /, Secure in production, optional AUTH_COOKIE_DOMAIN. */
export function sessionCookieOptions(): SessionCookieOptions {
  const domain = process.env.AUTH_COOKIE_DOMAIN?.trim();
  return { httpOnly: true, sameSite: "lax", path: "/", secure: secureCookies(), ...(domain ? { domain } : {}) };
}

type SessionClaims = { sub: string; sid: string; email?: string | null; name?: string | null; picture?: string | null };

async function encodeSessionToken(claims: SessionClaims): Promise<string> {
  return encode({ token: claims, secret: authSecret(), salt: sessionCookieName(), maxAge: SESSION_MAX_AGE_SECONDS });
}

function serialize(name: string, value: string, opts: SessionCookieOptions, maxAgeSeconds: number): string {
  const parts = [`${name}=${value}`, `Path=${opts.path}`, `Max-Age=${maxAgeSeconds}`, `Expires=${new Date(Date.now() + maxAgeSeconds * 1000).toUTCString()}`, "HttpOnly", "SameSite=Lax"];
  if (opts.domain) parts.push(`Domain=${opts.domain}`);
  if (opts.secure) parts.push("Secure");
  return parts.join("; ");
}

export function sessionSetCookie(token: string): string {
  return serialize(sessionCookieName(), token, sessionCookieOptions(), SESSION_MAX_AGE_SECONDS);
}

export function clearSessionSetCookie(): string {
  return serialize(sessionCookieName(), "", sessionCookieOptions(), 0);
}

type SignInMethod = "password" | "google" | "google_one_tap";

export async function auditSignIn(user: { id: string; email: string }, method: SignInMethod, sessionId: string, meta: Partial<RequestMeta> | null) {
  // The session id is a bearer secret: audit a short fingerprint only.
  await recordAudit({
    actor: { type: "user", userId: user.id, label: user.email },
    action: "auth.sign_in",
    target: { type: "user", id: user.id },
    metadata: { method, session: sessionId.slice(0, 8) },
    request: meta,
  });
}

/** A new server-side session plus the Set-Cookie header value that carries it. */
export async function startSession(
  user: { id: string; email: string; name?: string | null; image?: string | null },
  method: SignInMethod,
  meta: RequestMeta,
): Promise<{ sessionId: string; setCookie: string }> {
  const sessionId = await createSession(user.id, meta);
  const token = await encodeSessionToken({ sub: user.id, sid: sessionId, email: user.email, name: user.name ?? null, picture: user.image ?? null });
  await auditSignIn(user, method, sessionId, meta);
  return { sessionId, setCookie: sessionSetCookie(token) };
}
