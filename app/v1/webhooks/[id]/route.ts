import { routeOf } from "@/lib/operations/route";
import { webhooks } from "@/lib/operations/webhooks";

// GET /v1/webhooks/{id} — one endpoint, without its secret
export const GET = routeOf(webhooks.getWebhook);

// PATCH /v1/webhooks/{id} — change the URL, description, events, or enable/disable
export const PATCH = routeOf(webhooks.updateWebhook);

// DELETE /v1/webhooks/{id} — delete the endpoint, its secrets and its delivery log
export const DELETE = routeOf(webhooks.deleteWebhook);
