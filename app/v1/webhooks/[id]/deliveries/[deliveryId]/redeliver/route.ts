import { routeOf } from "@/lib/operations/route";
import { webhooks } from "@/lib/operations/webhooks";

// POST /v1/webhooks/{id}/deliveries/{deliveryId}/redeliver — send the delivery again now (a manual attempt)
export const POST = routeOf(webhooks.redeliverWebhook);
