import { routeOf } from "@/lib/operations/route";
import { agents } from "@/lib/operations/agents";

// GET /v1/agents — the project's agents
export const GET = routeOf(agents.listAgents);

// POST /v1/agents — register an agent (its first token is shown once)
export const POST = routeOf(agents.createAgent);
