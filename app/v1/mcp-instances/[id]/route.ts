import { routeOf } from "@/lib/operations/route";
import { mcpInstances } from "@/lib/operations/mcp-instances";

// GET /v1/mcp-instances/{id} — one instance
export const GET = routeOf(mcpInstances.getMcpInstance);

// PATCH /v1/mcp-instances/{id} — change its settings
export const PATCH = routeOf(mcpInstances.updateMcpInstance);

// DELETE /v1/mcp-instances/{id} — delete it and its cached tools
export const DELETE = routeOf(mcpInstances.deleteMcpInstance);
