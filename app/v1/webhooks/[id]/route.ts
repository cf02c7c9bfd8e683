import { json, withProject } from "@/lib/api/with-auth";
import { parseJson, parseWith } from "@/lib/api/body";
import { idParams } from "@/lib/schemas/common";
import { updateWebhookBody } from "@/lib/schemas/webhooks";
import { deleteEndpoint } from "@/lib/webhooks/delete-endpoint";
import { findEndpointOrThrow } from "@/lib/webhooks/find-endpoint";
import { presentEndpoint } from "@/lib/webhooks/present";
import { updateEndpoint } from "@/lib/webhooks/update-endpoint";

// GET /v1/webhooks/{id} — one endpoint, without its secret
export const GET = withProject(async (ctx) => presentEndpoint(await findEndpointOrThrow(ctx, parseWith(idParams, ctx.params).id)), { action: "webhook.manage" });

// PATCH /v1/webhooks/{id} — change the URL, description, events, or enable/disable
export const PATCH = withProject(
  async (ctx) => {
    const { id } = parseWith(idParams, ctx.params);
    return updateEndpoint(ctx, id, await parseJson(ctx.req, updateWebhookBody));
  },
  { action: "webhook.manage" },
);

// DELETE /v1/webhooks/{id} — delete the endpoint, its secrets and its delivery log
export const DELETE = withProject(
  async (ctx) => {
    await deleteEndpoint(ctx, parseWith(idParams, ctx.params).id);
    return json(null, 204);
  },
  { action: "webhook.manage" },
);
