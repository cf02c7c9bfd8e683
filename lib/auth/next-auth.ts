import NextAuth, { CredentialsSignin, type NextAuthConfig } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import Google from "next-auth/providers/google";
import { decode, type JWTDecodeParams } from "next-auth/jwt";
import { ApiError } from "@/lib/core/errors";
import { logger } from "@/lib/core/logger";
import { recordAudit } from "@/lib/audit/record";
import { requestMeta } from "@/lib/http/request-context";
import { signInBody } from "@/lib/schemas/auth";
import { authAdapter } from "./adapter";
import { googleConfig } from "./google-config";
import { onEmailVerified } from "./on-email-verified";
import { currentRequestMeta } from "./request-meta";
import { authSecret, createSession, endSession, SESSION_MAX_AGE_SECONDS, sessionCookieName, sessionFromSid, secureCookies } from "./session";
import { auditSignIn, sessionCookieOptions } from "./session-cookie";
import { authenticatePassword, SignInRefused, type SignInError } from "./sign-in";

// Auth.js is mounted under /v1/auth/oauth/google: its OAuth routes are
// /v1/auth/oauth/google/signin/google and /v1/auth/oauth/google/callback/google (the
// redirect URI to register with Google), next to our own …/start and …/one-tap.
export const AUTH_BASE_PATH = "/v1/auth/oauth/google";

/** What a password sign-in form can be told; `code` travels with the error to the server action. */
export class PasswordSignInError extends CredentialsSignin {
  readonly reason: SignInError | "rate_limited";
  readonly retryAfterSeconds: number | null;
  constructor(reason: SignInError | "rate_limited", retryAfterSeconds: number | null = null) {
    super(reason);
    this.code = reason;
    this.reason = reason;
    this.retryAfterSeconds = retryAfterSeconds;
  }
}

/** The session JWT only counts while its Session row lives: sign-out and revocation are immediate. */
async function decodeLiveSession(params: JWTDecodeParams) {
  const payload = await decode(params);
  if (!payload || params.salt !== sessionCookieName()) return payload;
  return (await sessionFromSid(payload.sid)) ? payload : null;
}

export function authConfig(): NextAuthConfig {
  const google = googleConfig();
  return {
    basePath: AUTH_BASE_PATH,
    secret: authSecret(),
    trustHost: true,
    adapter: authAdapter(),
    session: { strategy: "jwt", maxAge: SESSION_MAX_AGE_SECONDS },
    useSecureCookies: secureCookies(),
    cookies: { sessionToken: { name: sessionCookieName(), options: sessionCookieOptions() } },
    jwt: { maxAge: SESSION_MAX_AGE_SECONDS, decode: decodeLiveSession },
    pages: { signIn: "/auth/sign-in", error: "/auth/sign-in" },
    // Auth.js logs through ours: structured, and with secret-looking fields redacted.
    logger: {
      error: (error) => {
        const type = (error as { type?: string }).type ?? error.name;
        // Routine outcomes, not faults: an ended session's cookie fails to decode by design
        // (decodeLiveSession), and refused passwords are already audited.
        if (type === "JWTSessionError") logger.info("auth.js: session cookie no longer valid");
        else if (type === "CredentialsSignin") logger.info("auth.js: password sign-in refused", { code: (error as { code?: string }).code });
        else logger.warn("auth.js", { type, message: error.message });
      },
      warn: (code) => logger.warn("auth.js warning", { code }),
      debug: () => {},
    },
    providers: [
      Credentials({
        id: "credentials",
        credentials: { email: {}, password: {} },
        async authorize(credentials, request) {
          const parsed = signInBody.safeParse({ email: credentials?.email, password: credentials?.password });
          if (!parsed.success) throw new PasswordSignInError("invalid_credentials");
          try {
            const { user } = await authenticatePassword(parsed.data, requestMeta(request));
            return user;
          } catch (err) {
            if (err instanceof SignInRefused) throw new PasswordSignInError(err.reason);
            if (err instanceof ApiError && err.code === "rate_limited") throw new PasswordSignInError("rate_limited", Number(err.headers?.["Retry-After"]) || null);
            throw err;
          }
        },
      }),
      ...(google
        ? [
            Google({
              clientId: google.clientId,
              clientSecret: google.clientSecret ?? undefined,
              issuer: google.issuer,
              // Google verifies addresses (the signIn callback insists on email_verified), so
              // its identity may claim an existing account with the same email.
              allowDangerousEmailAccountLinking: true,
              authorization: { params: { prompt: "select_account" } },
            }),
          ]
        : []),
    ],
    callbacks: {
      signIn({ account, profile }) {
        if (account?.provider !== "google") return true;
        return profile?.email_verified === true && typeof profile.email === "string";
      },
      // A new Session row at every sign-in; the JWT carries only its id and display fields.
      async jwt({ token, user, account, trigger }) {
        if ((trigger === "signIn" || trigger === "signUp") && user?.id && user.email) {
          const meta = await currentRequestMeta();
          const sid = await createSession(user.id, meta);
          await auditSignIn({ id: user.id, email: user.email }, account?.provider === "google" ? "google" : "password", sid, meta);
          return { sub: user.id, sid, email: user.email, name: user.name ?? null, picture: user.image ?? null };
        }
        return token;
      },
      session({ session, token }) {
        // The session id stays server-side: it is a bearer secret.
        return { ...session, user: { ...session.user, id: token.sub ?? "", email: token.email ?? "", name: token.name ?? null, image: token.picture ?? null } };
      },
    },
    events: {
      async signIn({ user, account }) {
        if (account?.provider === "google" && user.id) await onEmailVerified(user.id);
      },
      async signOut(message) {
        const token = "token" in message ? message.token : null;
        if (typeof token?.sid !== "string") return;
        await endSession(token.sid);
        await recordAudit({ actor: { type: "user", userId: String(token.sub), label: token.email ?? null }, action: "auth.sign_out", target: { type: "user", id: String(token.sub) }, request: await currentRequestMeta() });
      },
    },
  };
}

// Built per request so configuration read from the environment (Google, cookie mode) is current.
export const { handlers, auth, signIn, signOut } = NextAuth(() => authConfig());
