import { z } from "zod";
import { completeOAuthAuthorization } from "@/lib/connections/oauth/complete-authorization";
import { startOAuthAuthorization } from "@/lib/connections/oauth/start-authorization";
import { authorizeOAuthBody, authorizeOAuthResponse, OAUTH_ERROR_CODES, oauthCallbackQuery } from "@/lib/schemas/oauth-connections";
import { defineResource, type DefineOperation } from "./define";

const PROVIDERS = {
  google: { label: "Google Workspace", scopes: "gmail.readonly, gmail.send, gmail.modify, drive.readonly, drive.file, drive, sheets.readonly, sheets, calendar.readonly, calendar.events, calendar" },
  linkedin: { label: "LinkedIn", scopes: "w_member_social, r_organization_social, w_organization_social, rw_organization_admin, r_ads, rw_ads, r_ads_reporting" },
} as const;
type Provider = keyof typeof PROVIDERS;

function authorize(op: DefineOperation<"project">, id: Provider) {
  const p = PROVIDERS[id];
  return op({
    route: `POST /v1/connections/${id}/authorize`,
    summary: `Start connecting a ${p.label} account`,
    description:
      `Authorization code flow with PKCE and state (valid 10 minutes). Send the browser to \`authorizationUrl\`; the provider returns it to \`/v1/connections/${id}/callback\`, which creates the connection (or, with \`connectionId\`, reconnects it in place). ` +
      `Scopes: ${p.scopes}. 404 when ${p.label} connections are not configured on this server; 409 when the name is taken.`,
    body: authorizeOAuthBody,
    errors: [409],
    responses: { 201: { description: "Where to send the browser", schema: (c) => c.OAuthAuthorization } },
    handler: async (ctx, { body }) => startOAuthAuthorization(ctx, id, body),
  });
}

function callback(op: DefineOperation<"project">, id: Provider) {
  const p = PROVIDERS[id];
  return op({
    route: `GET /v1/connections/${id}/callback`,
    summary: `The ${p.label} redirect back (browser only)`,
    description:
      "Needs the console session of the user who started the flow. Always redirects to the page that started it: " +
      `\`?connected=<connection id>\` on success, otherwise \`?oauth_error=\` one of ${OAUTH_ERROR_CODES.map((c) => `\`${c}\``).join(", ")}.`,
    auth: "public",
    query: oauthCallbackQuery,
    responses: { 303: { description: "Back to the console", headers: z.object({ Location: z.string() }) } },
    // A top-level browser navigation from the provider: authenticated by the session cookie
    // inside, against the user who started the flow; always answers with a redirect.
    documentOnly: ["query"],
    handler: async ({ req, meta }) => {
      const { location } = await completeOAuthAuthorization({ query: new URL(req.url).searchParams, cookieHeader: req.headers.get("cookie") }, id, meta);
      return new Response(null, { status: 303, headers: { Location: location, "Cache-Control": "no-store", "Referrer-Policy": "no-referrer" } });
    },
  });
}

export const oauthConnections = defineResource({ tags: ["Connections"], auth: "project", action: "connection.manage", components: { OAuthAuthorization: authorizeOAuthResponse } }, (op) => ({
  authorizeGoogleConnection: authorize(op, "google"),
  completeGoogleConnection: callback(op, "google"),
  authorizeLinkedInConnection: authorize(op, "linkedin"),
  completeLinkedInConnection: callback(op, "linkedin"),
}));
