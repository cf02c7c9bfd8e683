import { routeOf } from "@/lib/operations/route";
import { inbound } from "@/lib/operations/inbound";

// GET /v1/inbound-subscriptions/{id} — one subscription, without its secret or token
export const GET = routeOf(inbound.getInboundSubscription);

// PATCH /v1/inbound-subscriptions/{id} — rename, disable or re-enable
export const PATCH = routeOf(inbound.updateInboundSubscription);

// DELETE /v1/inbound-subscriptions/{id} — delete the subscription and revoke its token
export const DELETE = routeOf(inbound.deleteInboundSubscription);
