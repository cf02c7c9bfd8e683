import { routeOf } from "@/lib/operations/route";
import { agents } from "@/lib/operations/agents";

// GET /v1/agents/{id} — one agent, by id or slug
export const GET = routeOf(agents.getAgent);

// PATCH /v1/agents/{id} — change its settings
export const PATCH = routeOf(agents.updateAgent);

// DELETE /v1/agents/{id} — delete it with its tokens
export const DELETE = routeOf(agents.deleteAgent);
