import { parseJson } from "@/lib/api/body";
import { json, withProject, withPublic } from "@/lib/api/with-auth";
import { authorizeOAuthBody } from "@/lib/schemas/oauth-connections";
import { completeOAuthAuthorization } from "./complete-authorization";
import type { OAuthProviderId } from "./providers";
import { startOAuthAuthorization } from "./start-authorization";

/** The two handlers every OAuth provider exposes under /v1/connections/<provider>/. */
export function oauthConnectionRoutes(provider: OAuthProviderId) {
  return {
    authorize: withProject(async (ctx) => json(await startOAuthAuthorization(ctx, provider, await parseJson(ctx.req, authorizeOAuthBody)), 201), { action: "connection.manage" }),
    // A top-level browser navigation from the provider: authenticated by the session cookie
    // inside, against the user who started the flow; always answers with a redirect.
    callback: withPublic(async ({ req, meta }) => completeOAuthAuthorization(req, provider, meta)),
  };
}
