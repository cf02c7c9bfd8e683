import { withProject } from "@/lib/api/with-auth";
import { parseQuery, parseWith } from "@/lib/api/body";
import { idParams } from "@/lib/schemas/common";
import { listDeliveriesQuery } from "@/lib/schemas/webhooks";
import { listDeliveries } from "@/lib/webhooks/list-deliveries";

// GET /v1/webhooks/{id}/deliveries — the endpoint's delivery log with every attempt
export const GET = withProject(async (ctx) => listDeliveries(ctx, parseWith(idParams, ctx.params).id, parseQuery(ctx.req, listDeliveriesQuery)), { action: "webhook.manage" });
