import { routeOf } from "@/lib/operations/route";
import { agents } from "@/lib/operations/agents";

// POST /v1/agents/{id}/rotate-token — revoke every token of the agent and issue one new
export const POST = routeOf(agents.rotateAgentToken);
