import { routeOf } from "@/lib/operations/route";
import { inbound } from "@/lib/operations/inbound";

// POST /v1/inbound/{subscriptionId} — a signed delivery from an external sender starts a run (session cookies are ignored)
export const POST = routeOf(inbound.receiveInboundDelivery);
