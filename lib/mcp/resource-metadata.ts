import { SCOPES } from "@/lib/authz/permissions";
import { publicOrigin } from "@/lib/core/public-origin";
import type { RequestMeta } from "@/lib/core/scope";

// RFC 9728 protected resource metadata for /mcp: what a client reads after a 401 to learn how
// to authenticate. There is no OAuth authorization server (yet): the credential is a personal
// access token created in the console, sent as a bearer header.

export const MCP_PATH = "/mcp";
const METADATA_PATH = "/.well-known/oauth-protected-resource/mcp";

export function mcpResourceMetadataUrl(meta: RequestMeta): string {
  return `${publicOrigin(meta)}${METADATA_PATH}`;
}

/** The `WWW-Authenticate` challenge of a refused /mcp request (keeps an `error=` the refusal carried). */
export function mcpChallenge(meta: RequestMeta, previous: string | null): string {
  const error = /error="[^"]*"/.exec(previous ?? "")?.[0];
  return `Bearer ${error ? `${error}, ` : ""}resource_metadata="${mcpResourceMetadataUrl(meta)}"`;
}

export function mcpResourceMetadata(meta: RequestMeta) {
  const origin = publicOrigin(meta);
  return {
    resource: `${origin}${MCP_PATH}`,
    bearer_methods_supported: ["header"],
    scopes_supported: [...SCOPES],
    resource_name: "AgentRuntime Platform MCP",
    resource_documentation: `${origin}/settings?tab=mcp`,
  };
}
