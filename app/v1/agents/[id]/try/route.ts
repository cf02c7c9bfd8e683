import { routeOf } from "@/lib/operations/route";
import { agents } from "@/lib/operations/agents";

// POST /v1/agents/{id}/try — relay a test request through the gateway's ingress
export const POST = routeOf(agents.tryAgent);

// Vercel: waits for the agent's answer, up to the gateway's GATEWAY_AGENT_TIMEOUT_MS (300 s).
export const runtime = "nodejs";
export const maxDuration = 300;
