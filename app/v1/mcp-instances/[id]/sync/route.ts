import { routeOf } from "@/lib/operations/route";
import { mcpInstances } from "@/lib/operations/mcp-instances";

// POST /v1/mcp-instances/{id}/sync — list the upstream's tools and cache them with their schema hash
export const POST = routeOf(mcpInstances.syncMcpInstance);
