import { routeOf } from "@/lib/operations/route";
import { webhooks } from "@/lib/operations/webhooks";

// GET /v1/webhooks/{id}/deliveries — the endpoint's delivery log with every attempt
export const GET = routeOf(webhooks.listWebhookDeliveries);
