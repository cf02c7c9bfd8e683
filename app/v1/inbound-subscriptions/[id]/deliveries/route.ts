import { routeOf } from "@/lib/operations/route";
import { inbound } from "@/lib/operations/inbound";

// GET /v1/inbound-subscriptions/{id}/deliveries — the delivery log, newest first
export const GET = routeOf(inbound.listInboundDeliveries);
