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
import { registerOperation, type ApiRegistry } from "../registry";

const setCookie = z.object({ "Set-Cookie": z.string().meta({ description: "The console session cookie (HttpOnly, SameSite=Lax; Secure in production)" }) });

export function registerAuthOperations(r: ApiRegistry): void {
  const tags = ["Auth"];
  const User = r.schema("AuthUser", authUserResponse);
  const Accepted = r.schema("Accepted", acceptedResponse);
  const signedIn = { description: "Signed in; the session cookie is set", schema: z.object({ user: User }), headers: setCookie };

  registerOperation(r, {
    method: "post",
    path: "/v1/auth/signup",
    operationId: "signUp",
    summary: "Create an account",
    description: "Mails a verification link. The answer is the same whether or not the email is already registered.",
    tags,
    auth: "public",
    body: signUpBody,
    errors: [429],
    responses: { 202: { description: "Accepted", schema: Accepted } },
  });
  registerOperation(r, {
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
  });
  registerOperation(r, {
    method: "post",
    path: "/v1/auth/signout",
    operationId: "signOut",
    summary: "End the current console session",
    description: "Idempotent; clears the session cookie.",
    tags,
    auth: "public",
    errors: [403],
    responses: { 204: { description: "Signed out", headers: setCookie } },
  });
  registerOperation(r, {
    method: "post",
    path: "/v1/auth/verify-email",
    operationId: "verifyEmail",
    summary: "Confirm an email address",
    tags,
    auth: "public",
    body: verifyEmailBody,
    errors: [429],
    responses: { 200: { description: "Verified", schema: okResponse } },
  });
  registerOperation(r, {
    method: "post",
    path: "/v1/auth/resend-verification",
    operationId: "resendVerification",
    summary: "Mail a new verification link",
    description: "The answer is the same for any email.",
    tags,
    auth: "public",
    body: emailOnlyBody,
    errors: [429],
    responses: { 202: { description: "Accepted", schema: Accepted } },
  });
  registerOperation(r, {
    method: "post",
    path: "/v1/auth/forgot-password",
    operationId: "forgotPassword",
    summary: "Mail a password reset link",
    description: "The answer is the same for any email.",
    tags,
    auth: "public",
    body: emailOnlyBody,
    errors: [429],
    responses: { 202: { description: "Accepted", schema: Accepted } },
  });
  registerOperation(r, {
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
  });
  registerOperation(r, {
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
  });
  registerOperation(r, {
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
  });
  registerOperation(r, {
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
  });
  for (const method of ["get", "post"] as const) {
    registerOperation(r, {
      method,
      path: "/v1/auth/oauth/google/{nextauth}",
      operationId: method === "get" ? "googleOAuthGet" : "googleOAuthPost",
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
    });
  }
}
