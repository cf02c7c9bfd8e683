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
import { registerOperation, type ApiRegistry } from "../registry";

export function registerInboundOperations(r: ApiRegistry): void {
  const Subscription = r.schema("InboundSubscription", inboundSubscriptionResponse);
  const CreatedSubscription = r.schema("CreatedInboundSubscription", createdInboundSubscriptionResponse);
  const Delivery = r.schema("InboundDelivery", inboundDeliveryResponse);
  const tags = ["Inbound webhooks"];
  const auth = "project" as const;
  const action = "webhook.manage" as const;

  registerOperation(r, {
    method: "get",
    path: "/v1/workflows/{id}/inbound",
    operationId: "listInboundSubscriptions",
    summary: "List a workflow's inbound webhook subscriptions",
    description: "Newest first. Signing secrets and token values are never returned; `secretHint` and `tokenPrefix` help recognise them.",
    tags,
    auth,
    action,
    params: idParams,
    query: listInboundSubscriptionsQuery,
    responses: { 200: { description: "A page of subscriptions", schema: page(Subscription) } },
  });
  registerOperation(r, {
    method: "post",
    path: "/v1/workflows/{id}/inbound",
    operationId: "createInboundSubscription",
    summary: "Create an inbound webhook subscription",
    description:
      "Returns, once: the ingress `url`, a `signingSecret` (`whsec_…`) and an automation `token` (`ar_pat_…`, scope `workflow:run`, valid only on this subscription). Senders POST JSON to the URL with `Authorization: Bearer <token>` and `X-Agentruntime-Signature: sha256=<hex HMAC-SHA256(signingSecret, raw body)>`.",
    tags,
    auth,
    action,
    params: idParams,
    body: createInboundSubscriptionBody,
    responses: { 201: { description: "The subscription, with its secret and token", schema: CreatedSubscription } },
  });
  registerOperation(r, {
    method: "get",
    path: "/v1/inbound-subscriptions/{id}",
    operationId: "getInboundSubscription",
    summary: "Get an inbound webhook subscription",
    tags,
    auth,
    action,
    params: idParams,
    responses: { 200: { description: "The subscription", schema: Subscription } },
  });
  registerOperation(r, {
    method: "patch",
    path: "/v1/inbound-subscriptions/{id}",
    operationId: "updateInboundSubscription",
    summary: "Rename, disable or re-enable an inbound webhook subscription",
    description: "A disabled subscription answers every delivery `401` and starts no run; its deliveries are still logged.",
    tags,
    auth,
    action,
    params: idParams,
    body: updateInboundSubscriptionBody,
    responses: { 200: { description: "The subscription", schema: Subscription } },
  });
  registerOperation(r, {
    method: "delete",
    path: "/v1/inbound-subscriptions/{id}",
    operationId: "deleteInboundSubscription",
    summary: "Delete an inbound webhook subscription",
    description: "Deletes its delivery log and signing secret and revokes its automation token: the next delivery is a `401`.",
    tags,
    auth,
    action,
    params: idParams,
    responses: { 204: { description: "Deleted" } },
  });
  registerOperation(r, {
    method: "post",
    path: "/v1/inbound-subscriptions/{id}/rotate-secret",
    operationId: "rotateInboundSigningSecret",
    summary: "Rotate an inbound subscription's signing secret",
    description: "The new secret is returned once; deliveries signed with the previous one are refused from now on.",
    tags,
    auth,
    action,
    params: idParams,
    responses: { 200: { description: "The subscription, with its new secret", schema: rotatedInboundSecretResponse } },
  });
  registerOperation(r, {
    method: "get",
    path: "/v1/inbound-subscriptions/{id}/deliveries",
    operationId: "listInboundDeliveries",
    summary: "List an inbound subscription's deliveries",
    description: "Newest first: time, the status the sender got, the reason (`accepted`, `duplicate`, `bad_token`, `bad_signature`, `disabled`, `too_large`, `invalid_json`, `invalid_input`, …) and the run started. Rate-limited requests (429) are not logged.",
    tags,
    auth,
    action,
    params: idParams,
    query: listInboundDeliveriesQuery,
    responses: { 200: { description: "A page of deliveries", schema: page(Delivery) } },
  });
  registerOperation(r, {
    method: "post",
    path: "/v1/inbound/{subscriptionId}",
    operationId: "receiveInboundDelivery",
    summary: "Deliver an inbound webhook (start a run)",
    description: [
      "The public ingress of a subscription. Session cookies are ignored. Requires `Authorization: Bearer <the subscription's automation token>` and `X-Agentruntime-Signature: sha256=<hex HMAC-SHA256(signingSecret, raw body)>`, checked on the raw bytes before parsing.",
      "The JSON body becomes the run input (checked against the workflow's trigger input schema). An `Idempotency-Key` header makes repeated deliveries start one run within 24 h: the first answer is replayed.",
      "Every credential failure (unknown subscription, bad or foreign token, bad signature, disabled) is the same `401`. Rate-limited per subscription.",
    ].join("\n\n"),
    tags,
    auth: "public",
    params: inboundIngressParams,
    body: inboundDeliveryBody,
    errors: [401, 409, 429],
    responses: {
      202: { description: "A run was started (or, for a repeated Idempotency-Key, had been)", schema: inboundAcceptedResponse },
      402: { description: "The workspace has no credits left to start a run", schema: r.errorSchema },
    },
  });
}
