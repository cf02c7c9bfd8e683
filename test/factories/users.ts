import { randomBytes } from "node:crypto";
import { encode } from "next-auth/jwt";
import { db } from "@/lib/db/client";
import { newId } from "@/lib/core/ids";
import { hashPassword } from "@/lib/auth/password-hash";
import { authSecret, createSession, SESSION_MAX_AGE_SECONDS, sessionCookieName } from "@/lib/auth/session";

type CreateTestUserOptions = { email?: string; password?: string | null; verified?: boolean; name?: string | null };
type TestUser = Awaited<ReturnType<typeof db.user.create>>;

/**
 * A user with an argon2id password; verified (can sign in) unless `verified: false`.
 * `password: null` makes a user without one (no argon2 work), like an OAuth-only account.
 */
export async function createTestUser(opts?: CreateTestUserOptions & { password?: string }): Promise<{ user: TestUser; password: string }>;
export async function createTestUser(opts: CreateTestUserOptions & { password: null }): Promise<{ user: TestUser; password: null }>;
export async function createTestUser(opts: CreateTestUserOptions = {}): Promise<{ user: TestUser; password: string | null }> {
  const password = opts.password === null ? null : (opts.password ?? `Test-${randomBytes(9).toString("base64url")}`);
  const email = (opts.email ?? `user-${randomBytes(6).toString("hex")}@example.test`).toLowerCase();
  const user = await db.user.create({
    data: {
      id: newId("user"),
      email,
      name: opts.name ?? null,
      emailVerified: opts.verified === false ? null : new Date(),
      passwordHash: password === null ? null : await hashPassword(password),
    },
  });
  return { user, password };
}

/** Encodes the session JWT exactly as Auth.js does (salt = cookie name). */
async function encodeSessionCookie(userId: string, sid: string): Promise<string> {
  const name = sessionCookieName();
  const value = await encode({ token: { sub: userId, sid }, secret: authSecret(), salt: name, maxAge: SESSION_MAX_AGE_SECONDS });
  return `${name}=${value}`;
}

/** A fresh server-side session for the user, as a `Cookie` header value. */
export async function createSessionCookie(userId: string): Promise<string> {
  const sid = await createSession(userId, { ip: "127.0.0.1", userAgent: "vitest" });
  return encodeSessionCookie(userId, sid);
}
