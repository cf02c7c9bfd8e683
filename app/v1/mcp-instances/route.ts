import { routeOf } from "@/lib/operations/route";
import { mcpInstances } from "@/lib/operations/mcp-instances";

// GET /v1/mcp-instances — the project's MCP instances
export const GET = routeOf(mcpInstances.listMcpInstances);

// POST /v1/mcp-instances — bind an adapter to a connection
export const POST = routeOf(mcpInstances.createMcpInstance);
