import { json, withProject } from "@/lib/api/with-auth";
import { parseJson, parseWith } from "@/lib/api/body";
import { idParams } from "@/lib/schemas/common";
import { updateInboundSubscriptionBody } from "@/lib/schemas/inbound";
import { deleteSubscription } from "@/lib/webhooks/inbound/delete-subscription";
import { getSubscription } from "@/lib/webhooks/inbound/get-subscription";
import { inboundScope } from "@/lib/webhooks/inbound/scope";
import { updateSubscription } from "@/lib/webhooks/inbound/update-subscription";

// GET /v1/inbound-subscriptions/{id} — one subscription, without its secret or token
export const GET = withProject(async (ctx) => getSubscription(inboundScope(ctx), parseWith(idParams, ctx.params).id), { action: "webhook.manage" });

// PATCH /v1/inbound-subscriptions/{id} — rename, disable or re-enable
export const PATCH = withProject(
  async (ctx) => {
    const { id } = parseWith(idParams, ctx.params);
    return updateSubscription(inboundScope(ctx), id, await parseJson(ctx.req, updateInboundSubscriptionBody));
  },
  { action: "webhook.manage" },
);

// DELETE /v1/inbound-subscriptions/{id} — delete the subscription and revoke its token
export const DELETE = withProject(
  async (ctx) => {
    await deleteSubscription(inboundScope(ctx), parseWith(idParams, ctx.params).id);
    return json(null, 204);
  },
  { action: "webhook.manage" },
);
