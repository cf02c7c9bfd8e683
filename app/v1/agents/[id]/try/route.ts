import { routeOf } from "@/lib/operations/route";
import { agents } from "@/lib/operations/agents";

// POST /v1/agents/{id}/try — relay a test request through the gateway's ingress
export const POST = routeOf(agents.tryAgent);
