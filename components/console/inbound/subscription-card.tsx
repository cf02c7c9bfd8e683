"use client";
import { KeyRound, RotateCw, Trash2 } from "lucide-react";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { CopyField } from "@/components/ui/copy-button";
import { Switch } from "@/components/ui/switch";
import { TimeAgo } from "@/components/ui/time-ago";
import { DeliveriesTable, useDeliveries } from "./deliveries-table";
import type { InboundContext, Subscription } from "./types";

type Props = {
  ctx: InboundContext;
  subscription: Subscription;
  busy: boolean;
  onToggle: (enabled: boolean) => void;
  onRotate: () => void;
  onDelete: () => void;
};

export function SubscriptionCard({ ctx, subscription: s, busy, onToggle, onRotate, onDelete }: Props) {
  const label = s.name ?? "Unnamed subscription";
  const deliveries = useDeliveries(ctx, s.id);
  // The log is polled; the subscription row is not, so the newest delivery also dates the card.
  const lastDeliveryAt = deliveries.data?.data[0]?.createdAt ?? s.lastDeliveryAt;
  return (
    <li className="grid gap-3 rounded-lg border bg-card px-4 py-3" data-testid={`subscription-${s.name ?? s.id}`}>
      <div className="flex flex-wrap items-center gap-2">
        <span className="font-medium">{label}</span>
        <Badge variant={s.enabled ? "success" : "secondary"} data-testid="subscription-status">
          {s.enabled ? "Enabled" : "Disabled"}
        </Badge>
        <span className="ml-auto text-xs text-muted-foreground">
          {lastDeliveryAt ? (
            <>
              Last delivery <TimeAgo value={lastDeliveryAt} />
            </>
          ) : (
            "No deliveries yet"
          )}
        </span>
      </div>
      <CopyField value={s.url} label="Endpoint URL" />
      <div className="flex flex-wrap items-center gap-x-4 gap-y-1 text-xs text-muted-foreground">
        <span>
          Signing secret <code className="font-mono">{s.secretHint ?? "—"}</code>
        </span>
        <span className="inline-flex items-center gap-1">
          <KeyRound className="size-3" aria-hidden /> Token <code className="font-mono">{s.tokenPrefix ? `${s.tokenPrefix}…` : "—"}</code>
        </span>
        <span>
          Created <TimeAgo value={s.createdAt} />
        </span>
      </div>
      <div className="flex flex-wrap items-center gap-2">
        <label className="mr-2 inline-flex items-center gap-2 text-sm">
          <Switch checked={s.enabled} disabled={busy} onCheckedChange={onToggle} aria-label={`Enabled: ${label}`} />
          {s.enabled ? "Accepting deliveries" : "Refusing deliveries"}
        </label>
        <Button size="sm" variant="outline" onClick={onRotate}>
          <RotateCw className="size-3.5" aria-hidden /> Rotate secret
        </Button>
        <Button size="sm" variant="ghost" aria-label={`Delete ${label}`} onClick={onDelete}>
          <Trash2 className="size-3.5" aria-hidden /> Delete
        </Button>
      </div>
      <div className="grid gap-2">
        <p className="text-sm font-medium">Deliveries</p>
        <DeliveriesTable ctx={ctx} list={deliveries} />
      </div>
    </li>
  );
}
