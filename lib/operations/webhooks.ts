import { idParams } from "@/lib/schemas/common";
import {
  createWebhookBody,
  deliveryParams,
  listDeliveriesQuery,
  listWebhooksQuery,
  redeliverResponse,
  rotateWebhookSecretBody,
  updateWebhookBody,
  webhookDeliveryPage,
  webhookPage,
  webhookResponse,
  webhookWithSecretResponse,
} from "@/lib/schemas/webhooks";
import { createEndpoint } from "@/lib/webhooks/create-endpoint";
import { deleteEndpoint } from "@/lib/webhooks/delete-endpoint";
import { getEndpointOrThrow } from "@/lib/webhooks/find-endpoint";
import { listDeliveries } from "@/lib/webhooks/list-deliveries";
import { listEndpoints } from "@/lib/webhooks/list-endpoints";
import { presentEndpoint } from "@/lib/webhooks/present";
import { redeliver } from "@/lib/webhooks/redeliver";
import { rotateEndpointSecret } from "@/lib/webhooks/rotate-secret";
import { sendTestEvent } from "@/lib/webhooks/send-test-event";
import { updateEndpoint } from "@/lib/webhooks/update-endpoint";
import { defineResource } from "./define";

const SIGNING =
  "Every delivery is a POST with the JSON body `{ id, type, createdAt, data }` and the headers `X-Agentruntime-Event-Id`, `X-Agentruntime-Timestamp` (Unix seconds) and `X-Agentruntime-Signature: v1=<hex HMAC-SHA256(secret, timestamp + \".\" + body)>`. During a rotation's grace window the signature header carries both entries, comma-separated: `v1=<new>,v1=<old>`. Reject timestamps more than 5 minutes off.";

export const webhooks = defineResource({ tags: ["Webhooks"], auth: "project", action: "webhook.manage", components: { WebhookEndpoint: webhookResponse, WebhookEndpointWithSecret: webhookWithSecretResponse, WebhookRedelivery: redeliverResponse } }, (op) => ({
  listWebhooks: op({
    route: "GET /v1/webhooks",
    summary: "List the project's outbound webhook endpoints",
    description: "Newest first. Signing secrets are never returned; `secretHint` helps recognise one.",
    query: listWebhooksQuery,
    responses: { 200: { description: "A page of endpoints", schema: webhookPage } },
    handler: async (ctx, { query }) => listEndpoints(ctx, query),
  }),

  createWebhook: op({
    route: "POST /v1/webhooks",
    summary: "Create an outbound webhook endpoint",
    description: `The URL must be https (http only for hosts the server allows) and must not resolve to a private, loopback or link-local address. The response carries the signing secret (\`whsec_…\`) this one time. ${SIGNING}`,
    body: createWebhookBody,
    responses: { 201: { description: "The endpoint with its signing secret (shown once)", schema: (c) => c.WebhookEndpointWithSecret } },
    handler: async (ctx, { body }) => createEndpoint(ctx, body),
  }),

  getWebhook: op({
    route: "GET /v1/webhooks/{id}",
    summary: "Get an outbound webhook endpoint",
    params: idParams,
    responses: { 200: { description: "The endpoint", schema: (c) => c.WebhookEndpoint } },
    handler: async (ctx, { params }) => presentEndpoint(await getEndpointOrThrow(ctx, params.id)),
  }),

  updateWebhook: op({
    route: "PATCH /v1/webhooks/{id}",
    summary: "Change an endpoint's URL, description, events or enabled flag",
    description: "Enabling an endpoint the platform disabled (after 3 days of failing deliveries) clears its failure streak.",
    params: idParams,
    body: updateWebhookBody,
    responses: { 200: { description: "The endpoint", schema: (c) => c.WebhookEndpoint } },
    handler: async (ctx, { params, body }) => updateEndpoint(ctx, params.id, body),
  }),

  deleteWebhook: op({
    route: "DELETE /v1/webhooks/{id}",
    summary: "Delete an endpoint, its secrets and its delivery log",
    params: idParams,
    responses: { 204: { description: "Deleted" } },
    handler: async (ctx, { params }) => deleteEndpoint(ctx, params.id),
  }),

  rotateWebhookSecret: op({
    route: "POST /v1/webhooks/{id}/rotate-secret",
    summary: "Rotate an endpoint's signing secret",
    description:
      "Returns the new secret once. For `graceSeconds` (default 24 h) every delivery is signed with the new and the previous secret (`X-Agentruntime-Signature: v1=<new>,v1=<old>`); afterwards only with the new one.",
    params: idParams,
    body: rotateWebhookSecretBody,
    responses: { 200: { description: "The endpoint with its new signing secret (shown once)", schema: (c) => c.WebhookEndpointWithSecret } },
    handler: async (ctx, { params, body }) => rotateEndpointSecret(ctx, params.id, body),
  }),

  sendWebhookTestEvent: op({
    route: "POST /v1/webhooks/{id}/test",
    summary: "Send a test event",
    description: "Sends a signed `webhook.test` event to the endpoint now and logs it as a delivery with one manual attempt. Test events are not retried.",
    params: idParams,
    responses: { 201: { description: "The delivery and its attempt", schema: (c) => c.WebhookRedelivery } },
    handler: async (ctx, { params }) => sendTestEvent(ctx, params.id),
  }),

  listWebhookDeliveries: op({
    route: "GET /v1/webhooks/{id}/deliveries",
    summary: "An endpoint's delivery log",
    description:
      "Newest first, filter by `status` and `eventType`. Each delivery lists its attempts (status code, latency, error with at most a short excerpt of the answer). Failed attempts are retried with exponential backoff and full jitter for up to 3 days.",
    params: idParams,
    query: listDeliveriesQuery,
    responses: { 200: { description: "A page of deliveries", schema: webhookDeliveryPage } },
    handler: async (ctx, { params, query }) => listDeliveries(ctx, params.id, query),
  }),

  redeliverWebhook: op({
    route: "POST /v1/webhooks/{id}/deliveries/{deliveryId}/redeliver",
    summary: "Send a delivery again now",
    description: "Same event id and body, a fresh timestamp and signature. Logged as a manual attempt; success marks the delivery succeeded.",
    params: deliveryParams,
    responses: { 200: { description: "The delivery and the new attempt", schema: (c) => c.WebhookRedelivery } },
    handler: async (ctx, { params }) => redeliver(ctx, params.id, params.deliveryId),
  }),
}));
