import type { ScopePrincipal } from "@/lib/core/scope";
import { ApiError } from "@/lib/core/errors";
import { MAX_TOKEN_DAYS } from "@/lib/schemas/tokens";

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * What a caller may hand out. A session (the user at the console) may issue any scope;
 * a token may only issue tokens no stronger than itself: scopes ⊆ its scopes, the same
 * project restriction, and no later expiry. Otherwise a leaked narrow token could mint a
 * broad, everlasting one.
 */
export type TokenLimits = { scopes: readonly string[]; projectId: string | null; expiresAt: Date | null };

export function callerLimits(principal: Pick<ScopePrincipal, "type" | "scopes" | "projectId" | "expiresAt">): TokenLimits | null {
  return principal.type === "token" ? { scopes: principal.scopes ?? [], projectId: principal.projectId ?? null, expiresAt: principal.expiresAt ?? null } : null;
}

export function checkScopes(limits: TokenLimits | null, wanted: readonly string[]): void {
  if (!limits) return;
  const missing = wanted.filter((s) => !limits.scopes.includes(s));
  if (missing.length) {
    throw new ApiError("insufficient_scope", `A token cannot grant scopes it does not have: ${missing.join(", ")}`);
  }
}

/** The expiry a create request asks for; null = never expires. */
export function requestedExpiry(body: { expiresInDays?: number; expiresAt?: string }, now: Date): Date | null {
  if (body.expiresInDays !== undefined) return new Date(now.getTime() + body.expiresInDays * DAY_MS);
  if (body.expiresAt === undefined) return null;
  const at = new Date(body.expiresAt);
  if (at.getTime() <= now.getTime()) throw invalidExpiry("expiresAt must be in the future");
  if (at.getTime() > now.getTime() + MAX_TOKEN_DAYS * DAY_MS) throw invalidExpiry(`expiresAt must be within ${MAX_TOKEN_DAYS} days`);
  return at;
}

/**
 * Applies the caller's own expiry. "reject": an explicit later expiry is a 422 (the user
 * asked for something they cannot have); "cap": shorten silently (rotation keeps the policy
 * as far as the caller allows). No expiry asked for inherits the caller's.
 */
export function boundExpiry(limits: TokenLimits | null, wanted: Date | null, mode: "reject" | "cap"): Date | null {
  if (!limits?.expiresAt) return wanted;
  if (wanted === null) return limits.expiresAt;
  if (wanted.getTime() <= limits.expiresAt.getTime()) return wanted;
  if (mode === "cap") return limits.expiresAt;
  throw invalidExpiry("A token cannot create a token that expires after it does");
}

/** Rotation keeps the lifetime: a 90-day token rotated today lives 90 days from today. */
export function rotatedExpiry(old: { createdAt: Date; expiresAt: Date | null }, now: Date): Date | null {
  if (!old.expiresAt) return null;
  const lifetime = Math.max(old.expiresAt.getTime() - old.createdAt.getTime(), DAY_MS);
  return new Date(now.getTime() + lifetime);
}

function invalidExpiry(message: string): ApiError {
  return new ApiError("invalid_request", message, { details: [{ path: "expiresAt", message }] });
}
