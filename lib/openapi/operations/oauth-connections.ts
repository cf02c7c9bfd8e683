import { z } from "zod";
import { authorizeOAuthBody, authorizeOAuthResponse, OAUTH_ERROR_CODES, oauthCallbackQuery } from "@/lib/schemas/oauth-connections";
import { registerOperation, type ApiRegistry } from "../registry";

const PROVIDERS = [
  { id: "google", label: "Google Workspace", opId: "Google", scopes: "gmail.readonly, gmail.send, gmail.modify, drive.readonly, drive.file, drive, sheets.readonly, sheets, calendar.readonly, calendar.events, calendar" },
  { id: "linkedin", label: "LinkedIn", opId: "LinkedIn", scopes: "w_member_social, r_organization_social, w_organization_social, rw_organization_admin, r_ads, rw_ads, r_ads_reporting" },
] as const;

export function registerOAuthConnectionOperations(r: ApiRegistry): void {
  const tags = ["Connections"];
  const Authorize = r.schema("OAuthAuthorization", authorizeOAuthResponse);
  for (const p of PROVIDERS) {
    registerOperation(r, {
      method: "post",
      path: `/v1/connections/${p.id}/authorize`,
      operationId: `authorize${p.opId}Connection`,
      summary: `Start connecting a ${p.label} account`,
      description:
        `Authorization code flow with PKCE and state (valid 10 minutes). Send the browser to \`authorizationUrl\`; the provider returns it to \`/v1/connections/${p.id}/callback\`, which creates the connection (or, with \`connectionId\`, reconnects it in place). ` +
        `Scopes: ${p.scopes}. 404 when ${p.label} connections are not configured on this server; 409 when the name is taken.`,
      tags,
      auth: "project",
      action: "connection.manage",
      body: authorizeOAuthBody,
      errors: [409],
      responses: { 201: { description: "Where to send the browser", schema: Authorize } },
    });
    registerOperation(r, {
      method: "get",
      path: `/v1/connections/${p.id}/callback`,
      operationId: `complete${p.opId}Connection`,
      summary: `The ${p.label} redirect back (browser only)`,
      description:
        "Needs the console session of the user who started the flow. Always redirects to the page that started it: " +
        `\`?connected=<connection id>\` on success, otherwise \`?oauth_error=\` one of ${OAUTH_ERROR_CODES.map((c) => `\`${c}\``).join(", ")}.`,
      tags,
      auth: "public",
      query: oauthCallbackQuery,
      responses: { 303: { description: "Back to the console", headers: z.object({ Location: z.string() }) } },
    });
  }
}
