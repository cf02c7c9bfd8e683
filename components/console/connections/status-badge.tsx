import { AlertTriangle, CheckCircle2, CircleDashed, XCircle } from "lucide-react";
import { Badge } from "@/components/ui/badge";
import type { ConnectionDto } from "@/lib/schemas/connections";

const STATUS = {
  active: { label: "Active", variant: "success", Icon: CheckCircle2 },
  needs_reconnect: { label: "Needs reconnect", variant: "warning", Icon: AlertTriangle },
  error: { label: "Error", variant: "destructive", Icon: XCircle },
  pending: { label: "Not tested", variant: "secondary", Icon: CircleDashed },
} as const;

export function ConnectionStatusBadge({ status }: { status: ConnectionDto["status"] }) {
  const s = STATUS[status];
  return (
    <Badge variant={s.variant} className="gap-1" data-testid="connection-status">
      <s.Icon className="size-3" aria-hidden /> {s.label}
    </Badge>
  );
}
