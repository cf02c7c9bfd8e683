import { routeOf } from "@/lib/operations/route";
import { tools } from "@/lib/operations/tools";

// GET /v1/tools/{id} — one tool, by id or name
export const GET = routeOf(tools.getTool);

// PATCH /v1/tools/{id} — change its settings
export const PATCH = routeOf(tools.updateTool);

// DELETE /v1/tools/{id} — delete it with its policies
export const DELETE = routeOf(tools.deleteTool);
