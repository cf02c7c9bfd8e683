import { withProject } from "@/lib/api/with-auth";
import { parseWith } from "@/lib/api/body";
import { deliveryParams } from "@/lib/schemas/webhooks";
import { redeliver } from "@/lib/webhooks/redeliver";

// POST /v1/webhooks/{id}/deliveries/{deliveryId}/redeliver — send the delivery again now (a manual attempt)
export const POST = withProject(
  async (ctx) => {
    const { id, deliveryId } = parseWith(deliveryParams, ctx.params);
    return redeliver(ctx, id, deliveryId);
  },
  { action: "webhook.manage" },
);
