"use client";
import { Bot, RefreshCw, Trash2 } from "lucide-react";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { TimeAgo } from "@/components/ui/time-ago";
import type { ProviderDto } from "@/lib/schemas/providers";
import { STATUS_BADGE, vendorLabel } from "./vendor-labels";

const SHOWN_MODELS = 24;

export function ProviderCard({
  provider: p,
  manage,
  validating,
  onValidate,
  onReplaceKey,
  onDelete,
}: {
  provider: ProviderDto;
  manage: boolean;
  validating: boolean;
  onValidate: () => void;
  onReplaceKey: () => void;
  onDelete: () => void;
}) {
  const status = STATUS_BADGE[p.status];
  return (
    <li className="rounded-lg border bg-card" aria-label={p.name}>
      <div className="flex flex-wrap items-center gap-3 px-4 py-3">
        <Bot className="size-4 text-muted-foreground" aria-hidden />
        <span className="font-medium">{p.name}</span>
        <Badge variant="secondary">{vendorLabel(p.vendor)}</Badge>
        <Badge variant={status.variant} data-testid="provider-status">
          {status.label}
        </Badge>
        <span className="ml-auto text-xs text-muted-foreground">
          {p.lastValidatedAt ? (
            <>
              Validated <TimeAgo value={p.lastValidatedAt} />
            </>
          ) : (
            <>
              Added <TimeAgo value={p.createdAt} />
            </>
          )}
        </span>
        {manage && (
          <div className="flex items-center gap-1">
            <Button size="sm" variant="outline" onClick={onValidate} disabled={validating}>
              <RefreshCw className="size-3.5" aria-hidden /> {validating ? "Validating…" : "Validate"}
            </Button>
            <Button size="sm" variant="ghost" onClick={onReplaceKey}>
              Replace key
            </Button>
            <Button variant="ghost" size="icon" className="size-8" aria-label={`Delete ${p.name}`} onClick={onDelete}>
              <Trash2 className="size-4" aria-hidden />
            </Button>
          </div>
        )}
      </div>
      <div className="grid gap-2 border-t bg-muted/20 px-4 py-3 text-sm">
        <dl className="grid grid-cols-[auto_minmax(0,1fr)] gap-x-4 gap-y-1">
          <dt className="text-muted-foreground">Key</dt>
          <dd className="font-mono">{p.keyHint ?? "hidden"}</dd>
          <dt className="text-muted-foreground">Base URL</dt>
          <dd className="truncate font-mono">{p.baseUrl ?? "vendor default"}</dd>
        </dl>
        {p.status === "error" && p.statusReason && <Alert variant="destructive">{p.statusReason}</Alert>}
        {p.models.length > 0 && (
          <div>
            <p className="mb-1 text-xs font-medium text-muted-foreground">{p.models.length} models</p>
            <ul className="flex flex-wrap gap-1" aria-label={`Models of ${p.name}`}>
              {p.models.slice(0, SHOWN_MODELS).map((m) => (
                <li key={m}>
                  <code className="rounded bg-muted px-1.5 py-0.5 text-xs">{m}</code>
                </li>
              ))}
              {p.models.length > SHOWN_MODELS && <li className="text-xs text-muted-foreground">+{p.models.length - SHOWN_MODELS} more</li>}
            </ul>
          </div>
        )}
      </div>
    </li>
  );
}
