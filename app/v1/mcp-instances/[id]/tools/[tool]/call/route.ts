import { routeOf } from "@/lib/operations/route";
import { mcpInstances } from "@/lib/operations/mcp-instances";

// POST /v1/mcp-instances/{id}/tools/{tool}/call — a project admin's test call of the tool
export const POST = routeOf(mcpInstances.callMcpTool);
