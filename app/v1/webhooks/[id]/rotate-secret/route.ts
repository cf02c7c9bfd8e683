import { withProject } from "@/lib/api/with-auth";
import { parseJson, parseWith } from "@/lib/api/body";
import { idParams } from "@/lib/schemas/common";
import { rotateWebhookSecretBody } from "@/lib/schemas/webhooks";
import { rotateEndpointSecret } from "@/lib/webhooks/rotate-secret";

// POST /v1/webhooks/{id}/rotate-secret — new signing secret (returned once); the old one signs too during the grace window
export const POST = withProject(
  async (ctx) => {
    const { id } = parseWith(idParams, ctx.params);
    return rotateEndpointSecret(ctx, id, await parseJson(ctx.req, rotateWebhookSecretBody));
  },
  { action: "webhook.manage" },
);
