import { json, withProject } from "@/lib/api/with-auth";
import { parseJson, parseQuery } from "@/lib/api/body";
import { createEndpoint } from "@/lib/webhooks/create-endpoint";
import { listEndpoints } from "@/lib/webhooks/list-endpoints";
import { createWebhookBody, listWebhooksQuery } from "@/lib/schemas/webhooks";

// GET /v1/webhooks — the project's outbound webhook endpoints
export const GET = withProject(async (ctx) => listEndpoints(ctx, parseQuery(ctx.req, listWebhooksQuery)), { action: "webhook.manage" });

// POST /v1/webhooks — create an endpoint; its signing secret is returned this once
export const POST = withProject(async (ctx) => json(await createEndpoint(ctx, await parseJson(ctx.req, createWebhookBody)), 201), { action: "webhook.manage" });
