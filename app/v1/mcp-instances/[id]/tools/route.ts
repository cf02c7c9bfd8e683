import { routeOf } from "@/lib/operations/route";
import { mcpInstances } from "@/lib/operations/mcp-instances";

// GET /v1/mcp-instances/{id}/tools — the cached tools with their policies
export const GET = routeOf(mcpInstances.listMcpInstanceTools);
