import { json, withPublic } from "@/lib/api/with-auth";
import { mcpResourceMetadata } from "@/lib/mcp/resource-metadata";

// GET /.well-known/oauth-protected-resource/mcp — RFC 9728 metadata of the Platform MCP endpoint
export const GET = withPublic(async ({ meta }) => json(mcpResourceMetadata(meta), 200, { "Access-Control-Allow-Origin": "*" }));
