import { json, withProject } from "@/lib/api/with-auth";
import { parseJson, parseQuery, parseWith } from "@/lib/api/body";
import { idParams } from "@/lib/schemas/common";
import { createInboundSubscriptionBody, listInboundSubscriptionsQuery } from "@/lib/schemas/inbound";
import { createSubscription } from "@/lib/webhooks/inbound/create-subscription";
import { listSubscriptions } from "@/lib/webhooks/inbound/list-subscriptions";
import { inboundScope } from "@/lib/webhooks/inbound/scope";

// GET /v1/workflows/{id}/inbound — the workflow's inbound webhook subscriptions
export const GET = withProject(
  async (ctx) => listSubscriptions(inboundScope(ctx), parseWith(idParams, ctx.params).id, parseQuery(ctx.req, listInboundSubscriptionsQuery)),
  { action: "webhook.manage" },
);

// POST /v1/workflows/{id}/inbound — create a subscription; its signing secret and token are returned once
export const POST = withProject(
  async (ctx) => {
    const { id } = parseWith(idParams, ctx.params);
    return json(await createSubscription(inboundScope(ctx), id, await parseJson(ctx.req, createInboundSubscriptionBody)), 201);
  },
  { action: "webhook.manage" },
);
