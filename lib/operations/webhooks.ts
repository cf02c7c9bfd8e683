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
import { json } from "@/lib/api/with-auth";
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
import { defineOperation, defineResource } from "./define";

const SIGNING =
  "Every delivery is a POST with the JSON body `{ id, type, createdAt, data }` and the headers `X-Agentruntime-Event-Id`, `X-Agentruntime-Timestamp` (Unix seconds) and `X-Agentruntime-Signature: v1=<hex HMAC-SHA256(secret, timestamp + \".\" + body)>`. During a rotation's grace window the signature header carries both entries, comma-separated: `v1=<new>,v1=<old>`. Reject timestamps more than 5 minutes off.";

const tags = ["Webhooks"];
const auth = "project" as const;
const action = "webhook.manage" as const;

export const listWebhooks = defineOperation({
  method: "get",
  path: "/v1/webhooks",
  operationId: "listWebhooks",
  summary: "List the project's outbound webhook endpoints",
  description: "Newest first. Signing secrets are never returned; `secretHint` helps recognise one.",
  tags,
  auth,
  action,
  query: listWebhooksQuery,
  responses: { 200: { description: "A page of endpoints", schema: webhookPage } },
  handler: async (ctx, { query }) => listEndpoints(ctx, query),
});

export const createWebhook = defineOperation({
  method: "post",
  path: "/v1/webhooks",
  operationId: "createWebhook",
  summary: "Create an outbound webhook endpoint",
  description: `The URL must be https (http only for hosts the server allows) and must not resolve to a private, loopback or link-local address. The response carries the signing secret (\`whsec_…\`) this one time. ${SIGNING}`,
  tags,
  auth,
  action,
  body: createWebhookBody,
  responses: { 201: { description: "The endpoint with its signing secret (shown once)", schema: (c) => c.WebhookEndpointWithSecret } },
  handler: async (ctx, { body }) => json(await createEndpoint(ctx, body), 201),
});

export const getWebhook = defineOperation({
  method: "get",
  path: "/v1/webhooks/{id}",
  operationId: "getWebhook",
  summary: "Get an outbound webhook endpoint",
  tags,
  auth,
  action,
  params: idParams,
  responses: { 200: { description: "The endpoint", schema: (c) => c.WebhookEndpoint } },
  handler: async (ctx, { params }) => presentEndpoint(await getEndpointOrThrow(ctx, params.id)),
});

export const updateWebhook = defineOperation({
  method: "patch",
  path: "/v1/webhooks/{id}",
  operationId: "updateWebhook",
  summary: "Change an endpoint's URL, description, events or enabled flag",
  description: "Enabling an endpoint the platform disabled (after 3 days of failing deliveries) clears its failure streak.",
  tags,
  auth,
  action,
  params: idParams,
  body: updateWebhookBody,
  responses: { 200: { description: "The endpoint", schema: (c) => c.WebhookEndpoint } },
  handler: async (ctx, { params, body }) => updateEndpoint(ctx, params.id, body),
});

export const deleteWebhook = defineOperation({
  method: "delete",
  path: "/v1/webhooks/{id}",
  operationId: "deleteWebhook",
  summary: "Delete an endpoint, its secrets and its delivery log",
  tags,
  auth,
  action,
  params: idParams,
  responses: { 204: { description: "Deleted" } },
  handler: async (ctx, { params }) => {
    await deleteEndpoint(ctx, params.id);
    return json(null, 204);
  },
});

export const rotateWebhookSecret = defineOperation({
  method: "post",
  path: "/v1/webhooks/{id}/rotate-secret",
  operationId: "rotateWebhookSecret",
  summary: "Rotate an endpoint's signing secret",
  description:
    "Returns the new secret once. For `graceSeconds` (default 24 h) every delivery is signed with the new and the previous secret (`X-Agentruntime-Signature: v1=<new>,v1=<old>`); afterwards only with the new one.",
  tags,
  auth,
  action,
  params: idParams,
  body: rotateWebhookSecretBody,
  responses: { 200: { description: "The endpoint with its new signing secret (shown once)", schema: (c) => c.WebhookEndpointWithSecret } },
  handler: async (ctx, { params, body }) => rotateEndpointSecret(ctx, params.id, body),
});

export const sendWebhookTestEvent = defineOperation({
  method: "post",
  path: "/v1/webhooks/{id}/test",
  operationId: "sendWebhookTestEvent",
  summary: "Send a test event",
  description: "Sends a signed `webhook.test` event to the endpoint now and logs it as a delivery with one manual attempt. Test events are not retried.",
  tags,
  auth,
  action,
  params: idParams,
  responses: { 201: { description: "The delivery and its attempt", schema: (c) => c.WebhookRedelivery } },
  handler: async (ctx, { params }) => json(await sendTestEvent(ctx, params.id), 201),
});

export const listWebhookDeliveries = defineOperation({
  method: "get",
  path: "/v1/webhooks/{id}/deliveries",
  operationId: "listWebhookDeliveries",
  summary: "An endpoint's delivery log",
  description:
    "Newest first, filter by `status` and `eventType`. Each delivery lists its attempts (status code, latency, error with at most a short excerpt of the answer). Failed attempts are retried with exponential backoff and full jitter for up to 3 days.",
  tags,
  auth,
  action,
  params: idParams,
  query: listDeliveriesQuery,
  responses: { 200: { description: "A page of deliveries", schema: webhookDeliveryPage } },
  handler: async (ctx, { params, query }) => listDeliveries(ctx, params.id, query),
});

export const redeliverWebhook = defineOperation({
  method: "post",
  path: "/v1/webhooks/{id}/deliveries/{deliveryId}/redeliver",
  operationId: "redeliverWebhook",
  summary: "Send a delivery again now",
  description: "Same event id and body, a fresh timestamp and signature. Logged as a manual attempt; success marks the delivery succeeded.",
  tags,
  auth,
  action,
  params: deliveryParams,
  responses: { 200: { description: "The delivery and the new attempt", schema: (c) => c.WebhookRedelivery } },
  handler: async (ctx, { params }) => redeliver(ctx, params.id, params.deliveryId),
});

export const webhooksOperations = defineResource({ WebhookEndpoint: webhookResponse, WebhookEndpointWithSecret: webhookWithSecretResponse, WebhookRedelivery: redeliverResponse }, [listWebhooks, createWebhook, getWebhook, updateWebhook, deleteWebhook, rotateWebhookSecret, sendWebhookTestEvent, listWebhookDeliveries, redeliverWebhook]);

