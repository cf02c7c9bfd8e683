import { z } from "zod";
import { connectionEnvironment } from "./connections";

// Starting an OAuth connection (or reconnecting one in place) and the browser callback.

const scopeKey = z.string().regex(/^[a-z][a-z0-9_.]{0,63}$/, "Unknown scope");

/** A console path to come back to: same-site, never `//host` or `/\host`. */
const returnToPath = z
  .string()
  .max(512)
  .regex(/^\/([^/\\\s\u0000-\u001f][^\s\u0000-\u001f]*)?$/, "Must be a path on this site, e.g. /w/acme/projects/default/connections");

export const authorizeOAuthBody = z
  .strictObject({
    name: z.string().trim().min(1).max(100).optional().describe("Required for a new connection; on reconnect, defaults to the current name"),
    environment: connectionEnvironment.optional().describe("Default `production`; on reconnect, defaults to the current environment"),
    scopes: z
      .array(scopeKey)
      .max(32)
      .transform((s) => [...new Set(s)])
      .optional()
      .describe("Catalog keys (Google: gmail.readonly, gmail.send, drive, sheets, calendar…). Required for a new connection; on reconnect, defaults to the granted ones"),
    connectionId: z.string().min(1).max(64).optional().describe("Reconnect this connection in place (same id, new tokens)"),
    returnTo: returnToPath.optional().describe("Console path the browser returns to, with `?connected=<id>` or `?oauth_error=<code>`"),
  })
  .superRefine((b, ctx) => {
    if (b.connectionId) return;
    if (!b.name) ctx.addIssue({ code: "custom", path: ["name"], message: "Name the connection" });
    if (!b.scopes?.length) ctx.addIssue({ code: "custom", path: ["scopes"], message: "Choose at least one scope" });
  });
export type AuthorizeOAuthBody = z.infer<typeof authorizeOAuthBody>;

export const authorizeOAuthResponse = z.object({
  authorizationUrl: z.url().describe("Send the browser here; it comes back to the callback"),
  expiresAt: z.iso.datetime({ offset: true }).describe("The flow must finish before this time (10 minutes)"),
});

export const oauthCallbackQuery = z.object({
  code: z.string().optional(),
  state: z.string().optional(),
  error: z.string().optional().describe("Set by the provider, e.g. access_denied"),
});

/** `?oauth_error=` codes the console explains. */
export const OAUTH_ERROR_CODES = [
  "access_denied",
  "invalid_state",
  "session_mismatch",
  "forbidden",
  "name_taken",
  "connection_gone",
  "token_exchange_failed",
  "provider_unavailable",
] as const;
export type OAuthErrorCode = (typeof OAUTH_ERROR_CODES)[number];
