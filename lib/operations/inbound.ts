import { idParams, page } from "@/lib/schemas/common";
import {
  createdInboundSubscriptionResponse,
  createInboundSubscriptionBody,
  inboundAcceptedResponse,
  inboundDeliveryBody,
  inboundDeliveryResponse,
  inboundIngressParams,
  inboundSubscriptionResponse,
  listInboundDeliveriesQuery,
  listInboundSubscriptionsQuery,
  rotatedInboundSecretResponse,
  updateInboundSubscriptionBody,
} from "@/lib/schemas/inbound";
import { json } from "@/lib/api/with-auth";
import { createSubscription } from "@/lib/inbound/create-subscription";
import { deleteSubscription } from "@/lib/inbound/delete-subscription";
import { getSubscription } from "@/lib/inbound/get-subscription";
import { listDeliveries } from "@/lib/inbound/list-deliveries";
import { listSubscriptions } from "@/lib/inbound/list-subscriptions";
import { readLimitedBody } from "@/lib/api/read-limited-body";
import { receiveDelivery } from "@/lib/inbound/receive-delivery";
import { rotateSigningSecret } from "@/lib/inbound/rotate-secret";
import { inboundScope } from "@/lib/inbound/scope";
import { updateSubscription } from "@/lib/inbound/update-subscription";
import { defineResource } from "./define";
import { noCredits } from "./runs";

export const inbound = defineResource({ tags: ["Inbound webhooks"], auth: "project", action: "webhook.manage", components: { InboundSubscription: inboundSubscriptionResponse, CreatedInboundSubscription: createdInboundSubscriptionResponse, InboundDelivery: inboundDeliveryResponse } }, (op) => ({
  listInboundSubscriptions: op({
    route: "GET /v1/workflows/{id}/inbound",
    summary: "List a workflow's inbound webhook subscriptions",
    description: "Newest first. Signing secrets and token values are never returned; `secretHint` and `tokenPrefix` help recognise them.",
    params: idParams,
    query: listInboundSubscriptionsQuery,
    responses: { 200: { description: "A page of subscriptions", schema: (c) => page(c.InboundSubscription) } },
    handler: async (ctx, { params, query }) => listSubscriptions(inboundScope(ctx), params.id, query),
  }),

  createInboundSubscription: op({
    route: "POST /v1/workflows/{id}/inbound",
    summary: "Create an inbound webhook subscription",
    description:
      "Returns, once: the ingress `url`, a `signingSecret` (`whsec_…`) and an automation `token` (`ar_pat_…`, scope `workflow:run`, valid only on this subscription). Senders POST JSON to the URL with `Authorization: Bearer <token>` and `X-Agentruntime-Signature: sha256=<hex HMAC-SHA256(signingSecret, raw body)>`.",
    params: idParams,
    body: createInboundSubscriptionBody,
    responses: { 201: { description: "The subscription, with its secret and token", schema: (c) => c.CreatedInboundSubscription } },
    handler: async (ctx, { params, body }) => createSubscription(inboundScope(ctx), params.id, body),
  }),

  getInboundSubscription: op({
    route: "GET /v1/inbound-subscriptions/{id}",
    summary: "Get an inbound webhook subscription",
    params: idParams,
    responses: { 200: { description: "The subscription", schema: (c) => c.InboundSubscription } },
    handler: async (ctx, { params }) => getSubscription(inboundScope(ctx), params.id),
  }),

  updateInboundSubscription: op({
    route: "PATCH /v1/inbound-subscriptions/{id}",
    summary: "Rename, disable or re-enable an inbound webhook subscription",
    description: "A disabled subscription answers every delivery `401` and starts no run; its deliveries are still logged.",
    params: idParams,
    body: updateInboundSubscriptionBody,
    responses: { 200: { description: "The subscription", schema: (c) => c.InboundSubscription } },
    handler: async (ctx, { params, body }) => updateSubscription(inboundScope(ctx), params.id, body),
  }),

  deleteInboundSubscription: op({
    route: "DELETE /v1/inbound-subscriptions/{id}",
    summary: "Delete an inbound webhook subscription",
    description: "Deletes its delivery log and signing secret and revokes its automation token: the next delivery is a `401`.",
    params: idParams,
    responses: { 204: { description: "Deleted" } },
    handler: async (ctx, { params }) => deleteSubscription(inboundScope(ctx), params.id),
  }),

  rotateInboundSigningSecret: op({
    route: "POST /v1/inbound-subscriptions/{id}/rotate-secret",
    summary: "Rotate an inbound subscription's signing secret",
    description: "The new secret is returned once; deliveries signed with the previous one are refused from now on.",
    params: idParams,
    responses: { 200: { description: "The subscription, with its new secret", schema: rotatedInboundSecretResponse } },
    handler: async (ctx, { params }) => rotateSigningSecret(inboundScope(ctx), params.id),
  }),

  listInboundDeliveries: op({
    route: "GET /v1/inbound-subscriptions/{id}/deliveries",
    summary: "List an inbound subscription's deliveries",
    description: "Newest first: time, the status the sender got, the reason (`accepted`, `duplicate`, `bad_token`, `bad_signature`, `disabled`, `too_large`, `invalid_json`, `invalid_input`, …) and the run started. Rate-limited requests (429) are not logged.",
    params: idParams,
    query: listInboundDeliveriesQuery,
    responses: { 200: { description: "A page of deliveries", schema: (c) => page(c.InboundDelivery) } },
    handler: async (ctx, { params, query }) => listDeliveries(inboundScope(ctx), params.id, query),
  }),

  receiveInboundDelivery: op({
    route: "POST /v1/inbound/{subscriptionId}",
    summary: "Deliver an inbound webhook (start a run)",
    description: [
      "The public ingress of a subscription. Session cookies are ignored. Requires `Authorization: Bearer <the subscription's automation token>` and `X-Agentruntime-Signature: sha256=<hex HMAC-SHA256(signingSecret, raw body)>`, checked on the raw bytes before parsing.",
      "The JSON body becomes the run input (checked against the workflow's trigger input schema). An `Idempotency-Key` header makes repeated deliveries start one run within 24 h: the first answer is replayed.",
      "The delivery is recorded and its run queued before the `202`, which names the run; a worker creates the run moments later, waiting in the queue while other runs hold the credits it needs. `402` only when the workspace's balance is empty.",
      "Every credential failure (unknown subscription, bad or foreign token, bad signature, disabled) is the same `401`. Rate-limited per subscription.",
    ].join("\n\n"),
    auth: "public",
    params: inboundIngressParams,
    body: inboundDeliveryBody,
    errors: [401, 409, 429],
    responses: {
      202: { description: "Accepted: the run with this id is queued (or, for a repeated Idempotency-Key, had been)", schema: inboundAcceptedResponse },
      402: noCredits,
    },
    parse: "manual",
    handler: async ({ req, params, headers }) => {
      // The raw body: its signature is verified before it is parsed.
      const delivery = { headers: req.headers, readBody: () => readLimitedBody(req) };
      const { status, body, replayed } = await receiveDelivery(params.subscriptionId ?? "", delivery, headers);
      return json(body, status, replayed ? { "Idempotent-Replayed": "true" } : {});
    },
  }),
}));
