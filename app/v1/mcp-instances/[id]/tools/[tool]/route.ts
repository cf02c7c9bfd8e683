import { routeOf } from "@/lib/operations/route";
import { mcpInstances } from "@/lib/operations/mcp-instances";

// PATCH /v1/mcp-instances/{id}/tools/{tool} — set the tool's policy
export const PATCH = routeOf(mcpInstances.updateMcpTool);
