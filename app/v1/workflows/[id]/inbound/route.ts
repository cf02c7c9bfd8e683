import { routeOf } from "@/lib/operations/route";
import { inbound } from "@/lib/operations/inbound";

// GET /v1/workflows/{id}/inbound — the workflow's inbound webhook subscriptions
export const GET = routeOf(inbound.listInboundSubscriptions);

// POST /v1/workflows/{id}/inbound — create a subscription; its signing secret and token are returned once
export const POST = routeOf(inbound.createInboundSubscription);
