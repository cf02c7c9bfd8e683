import { Badge } from "@/components/ui/badge";
import type { WebhookDto } from "@/lib/schemas/webhooks";

/** Enabled / failing / disabled, at a glance. */
export function EndpointStatusBadge({ endpoint }: { endpoint: WebhookDto }) {
  if (!endpoint.enabled) return <Badge variant={endpoint.disabledReason ? "destructive" : "secondary"} data-testid="webhook-status">{endpoint.disabledReason ? "Disabled (failing)" : "Disabled"}</Badge>;
  if (endpoint.failingSince) return <Badge variant="warning" data-testid="webhook-status">Failing</Badge>;
  return <Badge variant="success" data-testid="webhook-status">Enabled</Badge>;
}

export function DeliveryStatusBadge({ status }: { status: "pending" | "succeeded" | "failed" }) {
  const variant = status === "succeeded" ? "success" : status === "failed" ? "destructive" : "secondary";
  const label = status === "succeeded" ? "Delivered" : status === "failed" ? "Failed" : "Pending";
  return <Badge variant={variant} data-testid="delivery-status">{label}</Badge>;
}
