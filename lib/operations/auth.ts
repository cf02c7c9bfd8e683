import { z } from "zod";
import {
  acceptedResponse,
  authUserResponse,
  changePasswordBody,
  emailOnlyBody,
  googleOneTapBody,
  okResponse,
  resetPasswordBody,
  signInBody,
  signUpBody,
  verifyEmailBody,
} from "@/lib/schemas/auth";
import { parseJson } from "@/lib/api/body";
import { forbidden } from "@/lib/core/errors";
import type { RequestMeta } from "@/lib/core/scope";
import { checkSameOrigin } from "@/lib/api/same-origin";
import { json } from "@/lib/api/with-auth";
import { changePassword as change } from "@/lib/auth/change-password";
import { FORGOT_ACCEPTED, requestPasswordReset } from "@/lib/auth/forgot-password";
import { signInWithGoogleOneTap as oneTap } from "@/lib/auth/google-one-tap";
import { startGoogleSignIn as startGoogle } from "@/lib/api/google-start";
import { RESEND_ACCEPTED, resendVerification as resend } from "@/lib/auth/resend-verification";
import { resetPassword as reset } from "@/lib/auth/reset-password";
import { sessionFromCookies } from "@/lib/auth/session";
import { clearSessionSetCookie, startSession } from "@/lib/auth/session-cookie";
import { authenticatePassword } from "@/lib/auth/sign-in";
import { signOutSession } from "@/lib/auth/sign-out";
import { SIGN_UP_ACCEPTED, signUp as register } from "@/lib/auth/sign-up";
import { toAuthUserResponse } from "@/lib/auth/user-response";
import { verifyEmail as verify } from "@/lib/auth/verify-email";
import { defineResource, servedByRoute, type DefineOperation, type Endpoint, type OperationResponse, type PublicContext } from "./define";

const setCookie = z.object({ "Set-Cookie": z.string().meta({ description: "The console session cookie (HttpOnly, SameSite=Lax; Secure in production)" }) });
const signedIn: OperationResponse = { description: "Signed in; the session cookie is set", schema: (c) => z.object({ user: c.AuthUser }), headers: setCookie };
const accepted: OperationResponse = { description: "Accepted", schema: (c) => c.Accepted };

type RateLimited = { headers: Record<string, string> };

/** A rate-limited step on the body: its limit headers go on the answer, which is `data` whatever the step found. */
function limited<B>(step: (body: B, meta: RequestMeta) => Promise<RateLimited>, data: object) {
  return async ({ meta, headers }: PublicContext, { body }: { body: B }) => {
    Object.assign(headers, (await step(body, meta)).headers);
    return data;
  };
}

/** Mails a link when the address has a use for one; the answer is the same for any email, so it tells nobody which are registered. */
function mailsLink(op: DefineOperation<"public">, route: Endpoint, summary: string, send: (email: string, meta: RequestMeta) => Promise<RateLimited>, message: string) {
  return op({
    route,
    summary,
    description: "The answer is the same for any email.",
    body: emailOnlyBody,
    errors: [429],
    responses: { 202: accepted },
    handler: limited((body: z.infer<typeof emailOnlyBody>, meta) => send(body.email, meta), { ok: true, message }),
  });
}

// Auth.js's own handlers (the Google redirect flow): one definition for GET and POST.
const googleOAuth = {
  summary: "Auth.js endpoints of the Google redirect flow",
  description: "Internal to the browser flow (`signin/google`, `callback/google`, `csrf`…); not for API clients.",
  params: z.object({ nextauth: z.string().meta({ description: "Auth.js action path, e.g. callback/google" }) }),
  responses: {
    302: { description: "Redirect (to Google, or back to the console with the session cookie)" },
    200: { description: "Auth.js JSON (e.g. csrf)" },
    400: { description: "Auth.js refused the request (unknown action, missing CSRF token…); plain text, not the JSON error shape" },
  },
  parse: "manual",
  handler: servedByRoute,
} as const;

export const auth = defineResource({ tags: ["Auth"], auth: "public", components: { AuthUser: authUserResponse, Accepted: acceptedResponse } }, (op) => ({
  signUp: op({
    route: "POST /v1/auth/signup",
    summary: "Create an account",
    description: "Mails a verification link. The answer is the same whether or not the email is already registered.",
    body: signUpBody,
    errors: [429],
    responses: { 202: accepted },
    handler: limited(register, { ok: true, message: SIGN_UP_ACCEPTED }),
  }),

  signIn: op({
    route: "POST /v1/auth/signin",
    summary: "Sign in with email and password",
    description: "Same-origin only. Unverified emails cannot sign in.",
    body: signInBody,
    errors: [401, 403, 429],
    responses: { 200: signedIn },
    parse: "manual",
    handler: async ({ req, meta, headers }) => {
      checkSameOrigin(req); // no login CSRF: another site cannot sign a browser into its account
      const body = await parseJson(req, signInBody);
      const { user, headers: limits } = await authenticatePassword(body, meta);
      Object.assign(headers, limits);
      const { setCookie } = await startSession(user, "password", meta);
      return json({ user: toAuthUserResponse({ ...user, emailVerified: new Date() }) }, 200, { "Set-Cookie": setCookie });
    },
  }),

  signOut: op({
    route: "POST /v1/auth/signout",
    summary: "End the current console session",
    description: "Idempotent; clears the session cookie.",
    errors: [403],
    responses: { 204: { description: "Signed out", headers: setCookie } },
    handler: async ({ req, meta }) => {
      checkSameOrigin(req);
      const session = await sessionFromCookies(req.headers.get("cookie"));
      if (session) await signOutSession(session, meta);
      return json(null, 204, { "Set-Cookie": clearSessionSetCookie() });
    },
  }),

  verifyEmail: op({
    route: "POST /v1/auth/verify-email",
    summary: "Confirm an email address",
    body: verifyEmailBody,
    errors: [429],
    responses: { 200: { description: "Verified", schema: okResponse } },
    handler: limited((body: z.infer<typeof verifyEmailBody>, meta) => verify(body.token, meta), { ok: true }),
  }),

  resendVerification: mailsLink(op, "POST /v1/auth/resend-verification", "Mail a new verification link", resend, RESEND_ACCEPTED),
  forgotPassword: mailsLink(op, "POST /v1/auth/forgot-password", "Mail a password reset link", requestPasswordReset, FORGOT_ACCEPTED),

  resetPassword: op({
    route: "POST /v1/auth/reset-password",
    summary: "Set a new password from a reset link",
    description: "Ends every session of the account.",
    body: resetPasswordBody,
    errors: [429],
    responses: { 200: { description: "Password changed", schema: okResponse } },
    handler: limited(reset, { ok: true }),
  }),

  changePassword: op({
    route: "POST /v1/me/password",
    summary: "Change your password",
    description: "Console sessions only (a token gets 403). Ends your other sessions.",
    auth: "user",
    body: changePasswordBody,
    errors: [403],
    responses: { 200: { description: "Password changed", schema: z.object({ ok: z.literal(true), otherSessionsEnded: z.number().int() }) } },
    parse: "manual",
    handler: async (ctx) => {
      // A token must not be able to take over the account it acts for.
      if (ctx.principal.type !== "session") throw forbidden("Changing the password needs a console session, not an access token");
      const body = await parseJson(ctx.req, changePasswordBody);
      const { sessionsEnded } = await change(ctx.principal.userId, ctx.principal.sessionId, body, ctx.meta);
      return { ok: true, otherSessionsEnded: sessionsEnded };
    },
  }),

  signInWithGoogleOneTap: op({
    route: "POST /v1/auth/oauth/google/one-tap",
    summary: "Sign in with a Google One Tap credential",
    description: "Same-origin only. 404 when Google sign-in is not configured.",
    body: googleOneTapBody,
    errors: [401, 403, 404, 429],
    responses: { 200: signedIn },
    parse: "manual",
    handler: async ({ req, meta, headers }) => {
      checkSameOrigin(req);
      const { credential } = await parseJson(req, googleOneTapBody);
      const { user, setCookie, headers: limits } = await oneTap(credential, meta);
      Object.assign(headers, limits);
      return json({ user: toAuthUserResponse(user) }, 200, { "Set-Cookie": setCookie });
    },
  }),

  startGoogleSignIn: op({
    route: "GET /v1/auth/oauth/google/start",
    summary: "Start signing in with Google",
    description: "Redirects to Google. 404 when Google sign-in is not configured.",
    query: z.object({ callbackUrl: z.string().optional().meta({ description: "A same-site path to return to" }) }),
    errors: [404],
    responses: { 302: { description: "Redirect to Google" } },
    documentOnly: ["query"],
    handler: async ({ req }) => startGoogle(req),
  }),

  // Auth.js's own handlers: documented here, served as they are (plain-text errors, its redirects).
  googleOAuthGet: op({ ...googleOAuth, route: "GET /v1/auth/oauth/google/{nextauth}" }),
  googleOAuthPost: op({ ...googleOAuth, route: "POST /v1/auth/oauth/google/{nextauth}" }),
}));
