import { routeOf } from "@/lib/operations/route";
import { deleteWebhook, getWebhook, updateWebhook } from "@/lib/operations/webhooks";

// GET /v1/webhooks/{id} — one endpoint, without its secret
export const GET = routeOf(getWebhook);

// PATCH /v1/webhooks/{id} — change the URL, description, events, or enable/disable
export const PATCH = routeOf(updateWebhook);

// DELETE /v1/webhooks/{id} — delete the endpoint, its secrets and its delivery log
export const DELETE = routeOf(deleteWebhook);
