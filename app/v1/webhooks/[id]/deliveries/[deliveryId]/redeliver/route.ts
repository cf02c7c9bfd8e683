import { routeOf } from "@/lib/operations/route";
import { redeliverWebhook } from "@/lib/operations/webhooks";

// POST /v1/webhooks/{id}/deliveries/{deliveryId}/redeliver — send the delivery again now (a manual attempt)
export const POST = routeOf(redeliverWebhook);
