import { z } from "zod";
import { pageQuery } from "@/lib/core/pagination";
import { WEBHOOK_EVENT_TYPES } from "@/lib/schemas/webhook-event-types";
import { page, timestamp } from "./common";

const webhookEventType = z.enum(WEBHOOK_EVENT_TYPES);
/** Delivered to one endpoint on request (Send test event); never subscribed to. */
export const TEST_EVENT_TYPE = "webhook.test";

const endpointUrl = z
  .url({ protocol: /^https?$/ })
  .max(2048)
  .describe("https URL that receives POSTs (http only for hosts the server allows). Private, loopback and link-local destinations are refused.");
const description = z.string().trim().max(500);
const events = z
  .array(webhookEventType)
  .min(1)
  .max(WEBHOOK_EVENT_TYPES.length)
  .refine((e) => new Set(e).size === e.length, "Each event only once")
  .describe("The event types this endpoint receives");

export const createWebhookBody = z.strictObject({ url: endpointUrl, description: description.optional(), events });
export type CreateWebhookBody = z.infer<typeof createWebhookBody>;

export const updateWebhookBody = z
  .strictObject({
    url: endpointUrl.optional(),
    description: description.nullable().optional(),
    events: events.optional(),
    enabled: z.boolean().optional().describe("false pauses deliveries; true re-enables an endpoint (also one disabled after failing)"),
  })
  .refine((b) => Object.keys(b).length > 0, "Nothing to change");
export type UpdateWebhookBody = z.infer<typeof updateWebhookBody>;

export const rotateWebhookSecretBody = z.strictObject({
  graceSeconds: z
    .int()
    .min(0)
    .max(7 * 24 * 60 * 60)
    .optional()
    .describe("How long deliveries stay signed with the previous secret as well (default 24 h, WEBHOOK_ROTATION_GRACE_SECONDS). 0 ends it at once."),
});

export const listWebhooksQuery = pageQuery;
export type ListWebhooksQuery = z.infer<typeof listWebhooksQuery>;

const deliveryStatus = z.enum(["pending", "succeeded", "failed"]);
export const listDeliveriesQuery = pageQuery.extend({
  status: deliveryStatus.optional(),
  eventType: z.string().min(1).max(64).optional(),
});
export type ListDeliveriesQuery = z.infer<typeof listDeliveriesQuery>;

export const deliveryParams = z.object({ id: z.string().min(1).max(64), deliveryId: z.string().min(1).max(64) });

export const webhookResponse = z.object({
  id: z.string(),
  url: z.string(),
  description: z.string().nullable(),
  events: z.array(z.string()),
  enabled: z.boolean(),
  disabledReason: z.string().nullable().describe("Why the platform disabled the endpoint (after failing continuously), or null"),
  secretHint: z.string().nullable().describe("Enough to recognise the secret (`whsec_…f3a9`), never the secret"),
  previousSecretExpiresAt: timestamp.nullable().describe("While set and in the future, deliveries carry the previous secret's signature too"),
  failingSince: timestamp.nullable().describe("First failed attempt since the last success"),
  createdAt: timestamp,
  updatedAt: timestamp,
});
export type WebhookDto = z.infer<typeof webhookResponse>;
export const webhookPage = page(webhookResponse);

export const webhookWithSecretResponse = webhookResponse.extend({
  secret: z.string().describe("The signing secret. Shown once: store it now."),
});
export type WebhookWithSecretDto = z.infer<typeof webhookWithSecretResponse>;

const webhookAttemptResponse = z.object({
  id: z.string(),
  attempt: z.int(),
  manual: z.boolean(),
  statusCode: z.int().nullable(),
  latencyMs: z.int().nullable(),
  error: z.string().nullable().describe("What failed, with at most a short excerpt of the response body"),
  createdAt: timestamp,
});
export type WebhookAttemptDto = z.infer<typeof webhookAttemptResponse>;

const webhookDeliveryResponse = z.object({
  id: z.string(),
  endpointId: z.string(),
  eventId: z.string(),
  eventType: z.string(),
  status: deliveryStatus,
  attempts: z.int().describe("Automatic attempts made"),
  nextAttemptAt: timestamp.nullable(),
  lastStatusCode: z.int().nullable(),
  lastLatencyMs: z.int().nullable(),
  lastError: z.string().nullable(),
  deliveredAt: timestamp.nullable(),
  createdAt: timestamp,
  payload: z.record(z.string(), z.unknown()).describe("The body sent: { id, type, createdAt, data }"),
  attemptLog: z.array(webhookAttemptResponse).describe("Newest first, at most 50"),
});
export type WebhookDeliveryDto = z.infer<typeof webhookDeliveryResponse>;
export const webhookDeliveryPage = page(webhookDeliveryResponse);

export const redeliverResponse = z.object({
  delivery: webhookDeliveryResponse,
  attempt: webhookAttemptResponse,
});
export type RedeliverDto = z.infer<typeof redeliverResponse>;
