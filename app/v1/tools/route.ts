import { routeOf } from "@/lib/operations/route";
import { tools } from "@/lib/operations/tools";

// GET /v1/tools — the project's tools
export const GET = routeOf(tools.listTools);

// POST /v1/tools — register a tool
export const POST = routeOf(tools.createTool);
