import { routeOf } from "@/lib/operations/route";
import { tools } from "@/lib/operations/tools";

// GET /v1/tools/{id}/policies — the tool's policy bindings
export const GET = routeOf(tools.listToolPolicies);

// POST /v1/tools/{id}/policies — bind an agent to the tool
export const POST = routeOf(tools.createToolPolicy);
