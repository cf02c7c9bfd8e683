import type { WebhookAttemptDto, WebhookDeliveryDto, WebhookDto } from "@/lib/schemas/webhooks";

// Every default read of an endpoint uses this select: no `secret` or `previousSecret`
// column, so a ciphertext cannot reach a response by accident.
export const endpointSelect = {
  id: true,
  workspaceId: true,
  projectId: true,
  url: true,
  description: true,
  events: true,
  enabled: true,
  disabledReason: true,
  secretHint: true,
  previousSecretExpiresAt: true,
  failingSince: true,
  createdAt: true,
  updatedAt: true,
} as const;

export type EndpointRow = {
  id: string;
  workspaceId: string;
  projectId: string;
  url: string;
  description: string | null;
  events: string[];
  enabled: boolean;
  disabledReason: string | null;
  secretHint: string | null;
  previousSecretExpiresAt: Date | null;
  failingSince: Date | null;
  createdAt: Date;
  updatedAt: Date;
};

export function presentEndpoint(row: EndpointRow, now = new Date()): WebhookDto {
  const graceOpen = row.previousSecretExpiresAt && row.previousSecretExpiresAt > now;
  return {
    id: row.id,
    url: row.url,
    description: row.description,
    events: row.events,
    enabled: row.enabled,
    disabledReason: row.disabledReason,
    secretHint: row.secretHint,
    previousSecretExpiresAt: graceOpen ? row.previousSecretExpiresAt!.toISOString() : null,
    failingSince: row.failingSince?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

/** The audit view of an endpoint: what changed, never the secret or its hint. */
export function auditView(row: Pick<EndpointRow, "url" | "description" | "events" | "enabled" | "disabledReason">) {
  return { url: row.url, description: row.description, events: row.events, enabled: row.enabled, disabledReason: row.disabledReason };
}

const ATTEMPT_LOG_LIMIT = 50;

export const deliverySelect = {
  id: true,
  endpointId: true,
  eventId: true,
  eventType: true,
  status: true,
  attempts: true,
  nextAttemptAt: true,
  lastStatusCode: true,
  lastLatencyMs: true,
  lastError: true,
  deliveredAt: true,
  createdAt: true,
  payload: true,
  attemptRows: {
    orderBy: { id: "desc" as const },
    take: ATTEMPT_LOG_LIMIT,
    select: { id: true, attempt: true, manual: true, statusCode: true, latencyMs: true, error: true, createdAt: true },
  },
} as const;

type AttemptRow = { id: string; attempt: number; manual: boolean; statusCode: number | null; latencyMs: number | null; error: string | null; createdAt: Date };
type DeliveryRow = {
  id: string;
  endpointId: string;
  eventId: string;
  eventType: string;
  status: string;
  attempts: number;
  nextAttemptAt: Date | null;
  lastStatusCode: number | null;
  lastLatencyMs: number | null;
  lastError: string | null;
  deliveredAt: Date | null;
  createdAt: Date;
  payload: unknown;
  attemptRows: AttemptRow[];
};

export function presentAttempt(a: AttemptRow): WebhookAttemptDto {
  return { id: a.id, attempt: a.attempt, manual: a.manual, statusCode: a.statusCode, latencyMs: a.latencyMs, error: a.error, createdAt: a.createdAt.toISOString() };
}

export function presentDelivery(row: DeliveryRow): WebhookDeliveryDto {
  const stored = row.payload && typeof row.payload === "object" && !Array.isArray(row.payload) ? (row.payload as Record<string, unknown>) : {};
  // In the order it is sent (jsonb keeps its own key order).
  const { id, type, createdAt, data, ...rest } = stored;
  const payload = { id, type, createdAt, data, ...rest };
  return {
    id: row.id,
    endpointId: row.endpointId,
    eventId: row.eventId,
    eventType: row.eventType,
    status: row.status as WebhookDeliveryDto["status"],
    attempts: row.attempts,
    nextAttemptAt: row.status === "pending" ? (row.nextAttemptAt?.toISOString() ?? null) : null,
    lastStatusCode: row.lastStatusCode,
    lastLatencyMs: row.lastLatencyMs,
    lastError: row.lastError,
    deliveredAt: row.deliveredAt?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
    payload,
    attemptLog: row.attemptRows.map(presentAttempt),
  };
}
