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
import { checkSameOrigin } from "@/lib/api/same-origin";
import { json } from "@/lib/api/with-auth";
import { changePassword as change } from "@/lib/auth/change-password";
import { FORGOT_ACCEPTED, requestPasswordReset } from "@/lib/auth/forgot-password";
import { signInWithGoogleOneTap as oneTap } from "@/lib/auth/google-one-tap";
import { startGoogleSignIn as startGoogle } from "@/lib/auth/google-start";
import { RESEND_ACCEPTED, resendVerification as resend } from "@/lib/auth/resend-verification";
import { resetPassword as reset } from "@/lib/auth/reset-password";
import { sessionFromRequest } from "@/lib/auth/session";
import { clearSessionSetCookie, startSession } from "@/lib/auth/session-cookie";
import { authenticatePassword } from "@/lib/auth/sign-in";
import { signOutSession } from "@/lib/auth/sign-out";
import { SIGN_UP_ACCEPTED, signUp as register } from "@/lib/auth/sign-up";
import { toAuthUserResponse } from "@/lib/auth/user-response";
import { verifyEmail as verify } from "@/lib/auth/verify-email";
import { defineOperation, defineResource, servedByRoute, type OperationResponse } from "./define";

const setCookie = z.object({ "Set-Cookie": z.string().meta({ description: "The console session cookie (HttpOnly, SameSite=Lax; Secure in production)" }) });

const tags = ["Auth"];
const signedIn: OperationResponse = { description: "Signed in; the session cookie is set", schema: (c) => z.object({ user: c.AuthUser }), headers: setCookie };

export const signUp = defineOperation({
  method: "post",
  path: "/v1/auth/signup",
  operationId: "signUp",
  summary: "Create an account",
  description: "Mails a verification link. The answer is the same whether or not the email is already registered.",
  tags,
  auth: "public",
  body: signUpBody,
  errors: [429],
  responses: { 202: { description: "Accepted", schema: (c) => c.Accepted } },
  handler: async ({ meta, headers }, { body }) => {
    Object.assign(headers, (await register(body, meta)).headers);
    return json({ ok: true, message: SIGN_UP_ACCEPTED }, 202);
  },
});

export const signIn = defineOperation({
  method: "post",
  path: "/v1/auth/signin",
  operationId: "signIn",
  summary: "Sign in with email and password",
  description: "Same-origin only. Unverified emails cannot sign in.",
  tags,
  auth: "public",
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
});

export const signOut = defineOperation({
  method: "post",
  path: "/v1/auth/signout",
  operationId: "signOut",
  summary: "End the current console session",
  description: "Idempotent; clears the session cookie.",
  tags,
  auth: "public",
  errors: [403],
  responses: { 204: { description: "Signed out", headers: setCookie } },
  handler: async ({ req, meta }) => {
    checkSameOrigin(req);
    const session = await sessionFromRequest(req);
    if (session) await signOutSession(session, meta);
    return json(null, 204, { "Set-Cookie": clearSessionSetCookie() });
  },
});

export const verifyEmail = defineOperation({
  method: "post",
  path: "/v1/auth/verify-email",
  operationId: "verifyEmail",
  summary: "Confirm an email address",
  tags,
  auth: "public",
  body: verifyEmailBody,
  errors: [429],
  responses: { 200: { description: "Verified", schema: okResponse } },
  handler: async ({ meta, headers }, { body }) => {
    Object.assign(headers, (await verify(body.token, meta)).headers);
    return { ok: true };
  },
});

export const resendVerification = defineOperation({
  method: "post",
  path: "/v1/auth/resend-verification",
  operationId: "resendVerification",
  summary: "Mail a new verification link",
  description: "The answer is the same for any email.",
  tags,
  auth: "public",
  body: emailOnlyBody,
  errors: [429],
  responses: { 202: { description: "Accepted", schema: (c) => c.Accepted } },
  handler: async ({ meta, headers }, { body }) => {
    Object.assign(headers, (await resend(body.email, meta)).headers);
    return json({ ok: true, message: RESEND_ACCEPTED }, 202);
  },
});

export const forgotPassword = defineOperation({
  method: "post",
  path: "/v1/auth/forgot-password",
  operationId: "forgotPassword",
  summary: "Mail a password reset link",
  description: "The answer is the same for any email.",
  tags,
  auth: "public",
  body: emailOnlyBody,
  errors: [429],
  responses: { 202: { description: "Accepted", schema: (c) => c.Accepted } },
  handler: async ({ meta, headers }, { body }) => {
    Object.assign(headers, (await requestPasswordReset(body.email, meta)).headers);
    return json({ ok: true, message: FORGOT_ACCEPTED }, 202);
  },
});

export const resetPassword = defineOperation({
  method: "post",
  path: "/v1/auth/reset-password",
  operationId: "resetPassword",
  summary: "Set a new password from a reset link",
  description: "Ends every session of the account.",
  tags,
  auth: "public",
  body: resetPasswordBody,
  errors: [429],
  responses: { 200: { description: "Password changed", schema: okResponse } },
  handler: async ({ meta, headers }, { body }) => {
    Object.assign(headers, (await reset(body, meta)).headers);
    return { ok: true };
  },
});

export const changePassword = defineOperation({
  method: "post",
  path: "/v1/me/password",
  operationId: "changePassword",
  summary: "Change your password",
  description: "Console sessions only (a token gets 403). Ends your other sessions.",
  tags,
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
});

export const signInWithGoogleOneTap = defineOperation({
  method: "post",
  path: "/v1/auth/oauth/google/one-tap",
  operationId: "signInWithGoogleOneTap",
  summary: "Sign in with a Google One Tap credential",
  description: "Same-origin only. 404 when Google sign-in is not configured.",
  tags,
  auth: "public",
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
});

export const startGoogleSignIn = defineOperation({
  method: "get",
  path: "/v1/auth/oauth/google/start",
  operationId: "startGoogleSignIn",
  summary: "Start signing in with Google",
  description: "Redirects to Google. 404 when Google sign-in is not configured.",
  tags,
  auth: "public",
  query: z.object({ callbackUrl: z.string().optional().meta({ description: "A same-site path to return to" }) }),
  errors: [404],
  responses: { 302: { description: "Redirect to Google" } },
  documentOnly: ["query"],
  handler: async ({ req }) => startGoogle(req),
});

// Auth.js's own handlers: documented here, served as they are (plain-text errors, its redirects).
const googleOAuth = {
  path: "/v1/auth/oauth/google/{nextauth}",
  summary: "Auth.js endpoints of the Google redirect flow",
  description: "Internal to the browser flow (`signin/google`, `callback/google`, `csrf`…); not for API clients.",
  tags,
  auth: "public",
  params: z.object({ nextauth: z.string().meta({ description: "Auth.js action path, e.g. callback/google" }) }),
  responses: {
    302: { description: "Redirect (to Google, or back to the console with the session cookie)" },
    200: { description: "Auth.js JSON (e.g. csrf)" },
    400: { description: "Auth.js refused the request (unknown action, missing CSRF token…); plain text, not the JSON error shape" },
  },
  parse: "manual",
  handler: servedByRoute,
} as const;

export const googleOAuthGet = defineOperation({ ...googleOAuth, method: "get", operationId: "googleOAuthGet" });
export const googleOAuthPost = defineOperation({ ...googleOAuth, method: "post", operationId: "googleOAuthPost" });

export const authOperations = defineResource({ AuthUser: authUserResponse, Accepted: acceptedResponse }, [signUp, signIn, signOut, verifyEmail, resendVerification, forgotPassword, resetPassword, changePassword, signInWithGoogleOneTap, startGoogleSignIn, googleOAuthGet, googleOAuthPost]);

