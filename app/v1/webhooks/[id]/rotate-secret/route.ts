import { routeOf } from "@/lib/operations/route";
import { webhooks } from "@/lib/operations/webhooks";

// POST /v1/webhooks/{id}/rotate-secret — new signing secret (returned once); the old one signs too during the grace window
export const POST = routeOf(webhooks.rotateWebhookSecret);
