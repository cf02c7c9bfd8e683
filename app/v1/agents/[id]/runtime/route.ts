import { routeOf } from "@/lib/operations/route";
import { agents } from "@/lib/operations/agents";

// GET /v1/agents/{id}/runtime — the agent's runtime bundle (environment, never a credential)
export const GET = routeOf(agents.getAgentRuntime);
