import { routeOf } from "@/lib/operations/route";
import { deleteInboundSubscription, getInboundSubscription, updateInboundSubscription } from "@/lib/operations/inbound";

// GET /v1/inbound-subscriptions/{id} — one subscription, without its secret or token
export const GET = routeOf(getInboundSubscription);

// PATCH /v1/inbound-subscriptions/{id} — rename, disable or re-enable
export const PATCH = routeOf(updateInboundSubscription);

// DELETE /v1/inbound-subscriptions/{id} — delete the subscription and revoke its token
export const DELETE = routeOf(deleteInboundSubscription);
