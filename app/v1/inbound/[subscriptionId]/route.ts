import { json, withPublic } from "@/lib/api/with-auth";
import { receiveDelivery } from "@/lib/webhooks/inbound/receive-delivery";

// POST /v1/inbound/{subscriptionId} — a signed delivery from an external sender starts a run (session cookies are ignored)
export const POST = withPublic(async ({ req, params, headers }) => {
  const { status, body, replayed } = await receiveDelivery(req, params.subscriptionId ?? "", headers);
  return json(body, status, replayed ? { "Idempotent-Replayed": "true" } : {});
});
