// Platform events that outbound webhook endpoints subscribe to. A plain module (no server
// imports) so the console's forms and the API schemas share the one list.
export const WEBHOOK_EVENT_TYPES = [
  "run.started",
  "run.succeeded",
  "run.failed",
  "run.canceled",
  "run.budget_exceeded",
  "approval.requested",
  "approval.decided",
  "connection.needs_reconnect",
] as const;
export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];
