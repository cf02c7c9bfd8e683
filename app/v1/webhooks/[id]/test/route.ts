import { routeOf } from "@/lib/operations/route";
import { webhooks } from "@/lib/operations/webhooks";

// POST /v1/webhooks/{id}/test — send a signed `webhook.test` event now
export const POST = routeOf(webhooks.sendWebhookTestEvent);
