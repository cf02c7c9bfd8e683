import { routeOf } from "@/lib/operations/route";
import { agents } from "@/lib/operations/agents";

// GET /v1/agents/{id}/tokens — the agent's tokens (prefixes only)
export const GET = routeOf(agents.listAgentTokens);

// POST /v1/agents/{id}/tokens — issue an extra, short-lived token
export const POST = routeOf(agents.issueAgentToken);
