import { Ban, CheckCircle2, CircleDashed, Clock, Hand, Loader2, SkipForward, Wallet, XCircle, type LucideIcon } from "lucide-react";
import { Badge } from "@/components/ui/badge";

type Variant = "default" | "secondary" | "success" | "warning" | "destructive" | "outline";
const STATUS: Record<string, { label: string; variant: Variant; Icon: LucideIcon; spin?: boolean }> = {
  queued: { label: "Queued", variant: "secondary", Icon: Clock },
  running: { label: "Running", variant: "default", Icon: Loader2, spin: true },
  waiting_approval: { label: "Waiting for approval", variant: "warning", Icon: Hand },
  succeeded: { label: "Succeeded", variant: "success", Icon: CheckCircle2 },
  failed: { label: "Failed", variant: "destructive", Icon: XCircle },
  canceled: { label: "Canceled", variant: "secondary", Icon: Ban },
  budget_exceeded: { label: "Budget exceeded", variant: "destructive", Icon: Wallet },
  // Step-only statuses.
  skipped: { label: "Skipped", variant: "outline", Icon: SkipForward },
  reused: { label: "Reused", variant: "outline", Icon: CircleDashed },
};

/** A run's or a step's status; `data-status` carries the raw value for tests and styling. */
export function RunStatusBadge({ status }: { status: string }) {
  const s = STATUS[status] ?? { label: status, variant: "outline" as const, Icon: CircleDashed };
  return (
    <Badge variant={s.variant} className="gap-1" data-testid="run-status" data-status={status}>
      <s.Icon className={s.spin ? "size-3 animate-spin" : "size-3"} aria-hidden /> {s.label}
    </Badge>
  );
}

export const RUN_STATUS_LABELS: Record<string, string> = Object.fromEntries(Object.entries(STATUS).map(([k, v]) => [k, v.label]));
