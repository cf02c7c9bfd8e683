import { z } from "zod";
import { pageQuery } from "@/lib/core/pagination";
import { timestamp } from "./common";

// Inbound webhook subscriptions: an external sender starts runs of one workflow by POSTing
// signed JSON to the subscription's URL. The signing secret and the bound automation token
// are returned once (create; rotate for the secret) and never again.

const name = z.string().trim().min(1).max(100);

// Strict: a body carrying workspaceId, tokenId, signingSecret or __proto__ is refused (422).
export const createInboundSubscriptionBody = z.strictObject({
  name: name.optional().describe("A label for the sender, e.g. `GitHub push`"),
});
export type CreateInboundSubscriptionBody = z.infer<typeof createInboundSubscriptionBody>;

export const updateInboundSubscriptionBody = z
  .strictObject({
    name: name.nullable().optional(),
    enabled: z.boolean().optional().describe("A disabled subscription answers every delivery 401 and starts nothing"),
  })
  .refine((b) => b.name !== undefined || b.enabled !== undefined, "Nothing to change");
export type UpdateInboundSubscriptionBody = z.infer<typeof updateInboundSubscriptionBody>;

export const listInboundSubscriptionsQuery = pageQuery;
export const listInboundDeliveriesQuery = pageQuery;

const INBOUND_DELIVERY_REASONS = [
  "accepted",
  "duplicate",
  "bad_token",
  "bad_signature",
  "disabled",
  "too_large",
  "invalid_json",
  "invalid_input",
  "invalid_idempotency_key",
  "idempotency_conflict",
  "insufficient_credits",
  "rejected",
  "error",
] as const;
export type InboundDeliveryReason = (typeof INBOUND_DELIVERY_REASONS)[number];

export const inboundSubscriptionResponse = z.object({
  id: z.string(),
  workflowId: z.string(),
  name: z.string().nullable(),
  enabled: z.boolean(),
  url: z.string().describe("Where the sender POSTs deliveries"),
  secretHint: z.string().nullable().describe("The last characters of the signing secret, for recognition only"),
  tokenId: z.string(),
  tokenPrefix: z.string().nullable().describe("The first characters of the bound automation token, for recognition only"),
  tokenRevokedAt: timestamp.nullable(),
  lastDeliveryAt: timestamp.nullable(),
  createdAt: timestamp,
  updatedAt: timestamp,
});
export type InboundSubscriptionDto = z.infer<typeof inboundSubscriptionResponse>;

/** Create: the only response that carries both values. */
export const createdInboundSubscriptionResponse = inboundSubscriptionResponse.extend({
  signingSecret: z.string().describe("HMAC-SHA256 key for X-Agentruntime-Signature. Shown once; store it now."),
  token: z.string().describe("Automation token (`ar_pat_…`) for `Authorization: Bearer`, valid only on this subscription's URL. Shown once."),
});
export type CreatedInboundSubscriptionDto = z.infer<typeof createdInboundSubscriptionResponse>;

/** Rotate: the new secret, once. The previous one stops working immediately. */
export const rotatedInboundSecretResponse = inboundSubscriptionResponse.extend({
  signingSecret: z.string().describe("The new signing secret. Shown once."),
});
export type RotatedInboundSecretDto = z.infer<typeof rotatedInboundSecretResponse>;

export const inboundDeliveryResponse = z.object({
  id: z.string(),
  status: z.int().describe("The HTTP status the sender received"),
  reason: z.string().describe(`One of ${INBOUND_DELIVERY_REASONS.join(", ")}`),
  runId: z.string().nullable(),
  idempotencyKey: z.string().nullable(),
  createdAt: timestamp,
});
export type InboundDeliveryDto = z.infer<typeof inboundDeliveryResponse>;

/** The ingress answer: the run it started (or, for a repeated Idempotency-Key, started before). */
export const inboundAcceptedResponse = z.object({ runId: z.string() });

/** Path parameter of the public ingress. */
export const inboundIngressParams = z.object({ subscriptionId: z.string().min(1).max(64) });

/** Any JSON object: it becomes the run's input, checked against the workflow's trigger schema. */
export const inboundDeliveryBody = z.record(z.string(), z.unknown()).describe("The run input, validated against the workflow's trigger input schema");
