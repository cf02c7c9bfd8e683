import { routeOf } from "@/lib/operations/route";
import { sendWebhookTestEvent } from "@/lib/operations/webhooks";

// POST /v1/webhooks/{id}/test — send a signed `webhook.test` event now
export const POST = routeOf(sendWebhookTestEvent);
