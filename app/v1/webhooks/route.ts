import { routeOf } from "@/lib/operations/route";
import { webhooks } from "@/lib/operations/webhooks";

// GET /v1/webhooks — the project's outbound webhook endpoints
export const GET = routeOf(webhooks.listWebhooks);

// POST /v1/webhooks — create an endpoint; its signing secret is returned this once
export const POST = routeOf(webhooks.createWebhook);
