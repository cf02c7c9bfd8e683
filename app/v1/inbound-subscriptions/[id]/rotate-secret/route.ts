import { routeOf } from "@/lib/operations/route";
import { inbound } from "@/lib/operations/inbound";

// POST /v1/inbound-subscriptions/{id}/rotate-secret — replace the signing secret; the new one is returned once
export const POST = routeOf(inbound.rotateInboundSigningSecret);
