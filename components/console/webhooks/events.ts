import { WEBHOOK_EVENT_TYPES, type WebhookEventType } from "@/lib/schemas/webhook-event-types";

// What each subscribable event means, for the endpoint form and the delivery log.
export const EVENT_INFO: Record<WebhookEventType, string> = {
  "run.started": "A run started executing",
  "run.succeeded": "A run finished successfully",
  "run.failed": "A run failed",
  "run.canceled": "A run was canceled",
  "run.budget_exceeded": "A run stopped at its budget ceiling",
  "approval.requested": "A run waits for an approval",
  "approval.decided": "An approval was approved or rejected",
  "connection.needs_reconnect": "An OAuth connection lost its grant",
};

export const EVENT_GROUPS: { group: string; events: WebhookEventType[] }[] = [
  { group: "Runs", events: WEBHOOK_EVENT_TYPES.filter((e) => e.startsWith("run.")) },
  { group: "Approvals", events: WEBHOOK_EVENT_TYPES.filter((e) => e.startsWith("approval.")) },
  { group: "Connections", events: WEBHOOK_EVENT_TYPES.filter((e) => e.startsWith("connection.")) },
];

export const DEFAULT_EVENTS: WebhookEventType[] = ["run.succeeded", "run.failed", "approval.requested"];
