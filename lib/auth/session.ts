import { randomBytes } from "node:crypto";
import { decode } from "next-auth/jwt";
import { db } from "@/lib/db/client";
import { ApiError } from "@/lib/core/errors";
import { intEnv } from "@/lib/core/env";
import { logger } from "@/lib/core/logger";

// Console sessions: Auth.js issues a signed+encrypted JWT cookie whose `sid` claim names a
// row in "Session". Deleting the row ends the session on the very next request, which a
// bare JWT cannot do (sign-out, password change, and revocation all rely on this).

export const SESSION_MAX_AGE_SECONDS = 30 * 24 * 60 * 60;

export function secureCookies(): boolean {
  return process.env.NODE_ENV === "production" && process.env.AUTH_INSECURE_COOKIES !== "1";
}

export function sessionCookieName(): string {
  return secureCookies() ? "__Secure-authjs.session-token" : "authjs.session-token";
}

export function authSecret(): string {
  const secret = process.env.AUTH_SECRET;
  if (!secret) throw new Error("AUTH_SECRET is not set");
  return secret;
}

type SessionMeta = { ip?: string | null; userAgent?: string | null };

/** A new server-side session (a fresh id at every sign-in). */
export async function createSession(userId: string, meta: SessionMeta = {}): Promise<string> {
  // Every sign-in method ends here: a disabled account (User.disabledAt) gets no session.
  const user = await db.user.findUnique({ where: { id: userId }, select: { disabledAt: true } });
  if (user?.disabledAt) throw new ApiError("forbidden", "This account is disabled");
  const sessionToken = randomBytes(32).toString("base64url");
  await db.session.create({
    data: {
      sessionToken,
      userId,
      expires: new Date(Date.now() + SESSION_MAX_AGE_SECONDS * 1000),
      ip: meta.ip ?? null,
      userAgent: meta.userAgent?.slice(0, 512) ?? null,
    },
  });
  return sessionToken;
}

export async function endSession(sessionToken: string): Promise<void> {
  await db.session.deleteMany({ where: { sessionToken } });
}

const isSid = (sid: unknown): sid is string => typeof sid === "string" && sid.length >= 16;

/** The live session of a "Session" row read on this request; null when absent, expired or ended. */
export function liveSession(sid: string, row: { userId: string; expires: Date } | null): { userId: string; sessionId: string } | null {
  if (!row || row.expires.getTime() <= Date.now()) return null;
  return { userId: row.userId, sessionId: sid };
}

/**
 * Sliding sessions: activity moves the row's expiry to SESSION_MAX_AGE_SECONDS from now, so an
 * active user stays signed in and an idle one is signed out 30 days after their last visit,
 * whatever the cookie says. Throttled: the row is written only when that moves it by more than
 * SESSION_SLIDE_SECONDS (default 1 hour), so most requests write nothing. Never fails a request.
 */
export async function slideSession(sid: string, expires: Date, now = Date.now()): Promise<void> {
  const target = now + SESSION_MAX_AGE_SECONDS * 1000;
  if (target - expires.getTime() < intEnv("SESSION_SLIDE_SECONDS", 3600, { min: 1, invalid: "fallback" }) * 1000) return;
  // Only a live row: an ended or expired session is never revived.
  await db.session.updateMany({ where: { sessionToken: sid, expires: { gt: new Date(now), lt: new Date(target) } }, data: { expires: new Date(target) } }).catch((err: unknown) => {
    logger.warn("session expiry not extended", { err });
  });
}

/** Resolves a live session from the JWT's `sid`, sliding its expiry; null when absent, expired or ended. */
export async function sessionFromSid(sid: unknown): Promise<{ userId: string; sessionId: string } | null> {
  if (!isSid(sid)) return null;
  const row = await db.session.findFirst({ where: { sessionToken: sid, user: { disabledAt: null } }, select: { userId: true, expires: true } });
  const live = liveSession(sid, row);
  if (live && row) await slideSession(sid, row.expires);
  return live;
}

// A malformed %-escape (e.g. `name=%`) is not ours to fail on: keep the raw text, which then
// simply fails to decode as a session (401) instead of throwing URIError (500).
function decodeCookieValue(v: string): string {
  try {
    return decodeURIComponent(v);
  } catch {
    return v;
  }
}

function readCookie(header: string | null, name: string): string | null {
  if (!header) return null;
  // Auth.js chunks large cookies as name.0, name.1, …; join them in order.
  const jar = new Map<string, string>();
  for (const part of header.split(";")) {
    const i = part.indexOf("=");
    if (i > 0) jar.set(part.slice(0, i).trim(), decodeCookieValue(part.slice(i + 1).trim()));
  }
  if (jar.has(name)) return jar.get(name)!;
  const chunks: string[] = [];
  for (let n = 0; jar.has(`${name}.${n}`); n++) chunks.push(jar.get(`${name}.${n}`)!);
  return chunks.length ? chunks.join("") : null;
}

/** The `sid` a request's session cookie names, when the cookie decodes (not yet checked against the database). */
export async function sessionIdFromCookies(cookieHeader: string | null): Promise<string | null> {
  const name = sessionCookieName();
  const raw = readCookie(cookieHeader, name);
  if (!raw) return null;
  try {
    const payload = await decode({ token: raw, secret: authSecret(), salt: name });
    return payload && isSid(payload.sid) ? payload.sid : null;
  } catch {
    return null;
  }
}

/** The session behind a request's Cookie header, verified against the database. */
export async function sessionFromCookies(cookieHeader: string | null): Promise<{ userId: string; sessionId: string } | null> {
  const sid = await sessionIdFromCookies(cookieHeader);
  return sid ? sessionFromSid(sid).catch(() => null) : null;
}
