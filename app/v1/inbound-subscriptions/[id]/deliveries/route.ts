import { withProject } from "@/lib/api/with-auth";
import { parseQuery, parseWith } from "@/lib/api/body";
import { idParams } from "@/lib/schemas/common";
import { listInboundDeliveriesQuery } from "@/lib/schemas/inbound";
import { listDeliveries } from "@/lib/webhooks/inbound/list-deliveries";
import { inboundScope } from "@/lib/webhooks/inbound/scope";

// GET /v1/inbound-subscriptions/{id}/deliveries — the delivery log, newest first
export const GET = withProject(
  async (ctx) => listDeliveries(inboundScope(ctx), parseWith(idParams, ctx.params).id, parseQuery(ctx.req, listInboundDeliveriesQuery)),
  { action: "webhook.manage" },
);
