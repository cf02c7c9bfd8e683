"use client";
import { ChevronDown, ChevronRight, RotateCcw } from "lucide-react";
import { Fragment, useState } from "react";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { Table } from "@/components/ui/table";
import { TimeAgo } from "@/components/ui/time-ago";
import type { WebhookDeliveryDto } from "@/lib/schemas/webhooks";
import { JsonViewer } from "../runs/json-viewer";
import { DeliveryStatusBadge } from "./endpoint-status";

function statusText(code: number | null, error: string | null): string {
  if (code !== null) return String(code);
  return error?.startsWith("Refused") ? "refused" : error ? "error" : "—";
}

function Attempts({ delivery }: { delivery: WebhookDeliveryDto }) {
  return (
    <div className="grid gap-3 bg-muted/30 px-4 py-3">
      <ol className="grid gap-1 text-xs" aria-label="Attempts">
        {delivery.attemptLog.map((a) => (
          <li key={a.id} className="grid grid-cols-[4rem_5rem_5rem_minmax(0,1fr)_8rem] items-baseline gap-2" data-testid="delivery-attempt">
            <span className="font-medium">#{a.attempt}</span>
            <span className="font-mono">{statusText(a.statusCode, a.error)}</span>
            <span className="text-muted-foreground">{a.latencyMs !== null ? `${a.latencyMs} ms` : "—"}</span>
            <span className="truncate text-muted-foreground" title={a.error ?? undefined}>
              {a.manual ? "manual · " : ""}
              {a.error ?? "OK"}
            </span>
            <span className="text-right text-muted-foreground">
              <TimeAgo value={a.createdAt} />
            </span>
          </li>
        ))}
      </ol>
      {delivery.status === "pending" && delivery.nextAttemptAt && (
        <p className="text-xs text-muted-foreground">
          Next automatic attempt <TimeAgo value={delivery.nextAttemptAt} />.
        </p>
      )}
      <JsonViewer value={delivery.payload} label="Payload" filename={`${delivery.eventId}.json`} />
    </div>
  );
}

/** The delivery log: one row per event, expandable to its attempts and payload, with Redeliver. */
export function DeliveryLog({ deliveries, onRedeliver, redelivering }: { deliveries: WebhookDeliveryDto[]; onRedeliver: (d: WebhookDeliveryDto) => void; redelivering: string | null }) {
  const [open, setOpen] = useState<string | null>(null);
  if (deliveries.length === 0) {
    return <EmptyState title="No deliveries yet" description="Events this endpoint subscribes to appear here as they are sent. Send a test event to try it now." />;
  }
  return (
    <Table aria-label="Deliveries">
      <thead>
        <tr className="border-b text-left text-xs text-muted-foreground">
          <th className="w-8 px-2 py-2" />
          <th className="px-2 py-2 font-medium">Event</th>
          <th className="px-2 py-2 font-medium">Status</th>
          <th className="px-2 py-2 font-medium">Response</th>
          <th className="px-2 py-2 font-medium">Latency</th>
          <th className="px-2 py-2 font-medium">Attempts</th>
          <th className="px-2 py-2 font-medium">Created</th>
          <th className="px-2 py-2" />
        </tr>
      </thead>
      <tbody>
        {deliveries.map((d) => {
          const expanded = open === d.id;
          return (
            <Fragment key={d.id}>
              <tr className="border-b text-sm last:border-0" data-testid="delivery-row">
                <td className="px-2 py-2">
                  <Button size="icon" variant="ghost" className="size-7" aria-expanded={expanded} aria-label={expanded ? "Hide attempts" : "Show attempts"} onClick={() => setOpen(expanded ? null : d.id)}>
                    {expanded ? <ChevronDown className="size-4" aria-hidden /> : <ChevronRight className="size-4" aria-hidden />}
                  </Button>
                </td>
                <td className="px-2 py-2">
                  <span className="font-mono text-xs">{d.eventType}</span>
                  <span className="block font-mono text-[11px] text-muted-foreground">{d.eventId}</span>
                </td>
                <td className="px-2 py-2">
                  <DeliveryStatusBadge status={d.status} />
                </td>
                <td className="max-w-56 truncate px-2 py-2 font-mono text-xs" title={d.lastError ?? undefined} data-testid="delivery-response">
                  {statusText(d.lastStatusCode, d.lastError)}
                </td>
                <td className="px-2 py-2 text-xs">{d.lastLatencyMs !== null ? `${d.lastLatencyMs} ms` : "—"}</td>
                <td className="px-2 py-2 text-xs" data-testid="delivery-attempts">
                  {d.attemptLog.length}
                </td>
                <td className="px-2 py-2 text-xs text-muted-foreground">
                  <TimeAgo value={d.createdAt} />
                </td>
                <td className="px-2 py-2 text-right">
                  <Button size="sm" variant="outline" disabled={redelivering === d.id} onClick={() => onRedeliver(d)}>
                    <RotateCcw className="size-3.5" aria-hidden /> {redelivering === d.id ? "Sending…" : "Redeliver"}
                  </Button>
                </td>
              </tr>
              {expanded && (
                <tr className="border-b last:border-0">
                  <td colSpan={8} className="p-0">
                    <Attempts delivery={d} />
                  </td>
                </tr>
              )}
            </Fragment>
          );
        })}
      </tbody>
    </Table>
  );
}
