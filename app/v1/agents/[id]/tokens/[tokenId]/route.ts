import { routeOf } from "@/lib/operations/route";
import { agents } from "@/lib/operations/agents";

// DELETE /v1/agents/{id}/tokens/{tokenId} — revoke one token
export const DELETE = routeOf(agents.revokeAgentToken);
