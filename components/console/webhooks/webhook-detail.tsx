"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { PageHeader, SectionHeader } from "@/components/console/page-header";
import { Alert } from "@/components/ui/alert";
import { OptionSelect } from "@/components/ui/select";
import { Switch } from "@/components/ui/switch";
import { TimeAgo } from "@/components/ui/time-ago";
import { toast } from "@/components/ui/toaster";
import { errorMessage } from "@/lib/client/api";
import type { RedeliverDto, WebhookDeliveryDto, WebhookDto } from "@/lib/schemas/webhooks";
import { useConsole } from "../console-context";
import { useProjectApi } from "../connections/use-project-api";
import { DeliveryLog } from "./delivery-log";
import { EndpointDialog } from "./endpoint-dialog";
import { EndpointButtons, EventBadges } from "./endpoint-parts";
import { EndpointStatusBadge } from "./endpoint-status";
import { RotateSecretDialog } from "./rotate-secret-dialog";
import { useEndpointActions } from "./use-endpoint-actions";

type DeliveryPage = { data: WebhookDeliveryDto[]; nextCursor: string | null };
type StatusFilter = "all" | "pending" | "succeeded" | "failed";
const FILTERS: { value: StatusFilter; label: string }[] = [
  { value: "all", label: "All deliveries" },
  { value: "succeeded", label: "Delivered" },
  { value: "pending", label: "Pending (retrying)" },
  { value: "failed", label: "Failed" },
];
// Automatic attempts land in the background; the log follows them without a reload.
const POLL_MS = 5000;

export function WebhookDetail({ project, initialEndpoint, initialDeliveries }: { project: string; initialEndpoint: WebhookDto; initialDeliveries: DeliveryPage }) {
  const { workspace } = useConsole();
  const call = useProjectApi(project);
  const qc = useQueryClient();
  const id = initialEndpoint.id;
  const endpointKey = ["webhook", workspace.slug, project, id];
  const [filter, setFilter] = useState<StatusFilter>("all");
  const deliveriesKey = ["webhook-deliveries", workspace.slug, project, id, filter];
  const endpoint = useQuery({ queryKey: endpointKey, queryFn: ({ signal }) => call<WebhookDto>(`/v1/webhooks/${encodeURIComponent(id)}`, { signal }), initialData: initialEndpoint });
  const deliveries = useQuery({
    queryKey: deliveriesKey,
    queryFn: ({ signal }) => call<DeliveryPage>(`/v1/webhooks/${encodeURIComponent(id)}/deliveries`, { query: { limit: 50, status: filter === "all" ? undefined : filter }, signal }),
    initialData: filter === "all" ? initialDeliveries : undefined,
    refetchInterval: POLL_MS,
  });
  const refresh = () => {
    void qc.invalidateQueries({ queryKey: endpointKey });
    void qc.invalidateQueries({ queryKey: ["webhook-deliveries", workspace.slug, project, id] });
  };
  const { toggle, sendTest } = useEndpointActions(project, refresh);
  const redeliver = useMutation({
    mutationFn: (d: WebhookDeliveryDto) => call<RedeliverDto>(`/v1/webhooks/${encodeURIComponent(id)}/deliveries/${encodeURIComponent(d.id)}/redeliver`, { method: "POST" }),
    onSuccess: (r) => {
      if (r.attempt.error === null) toast.success("Redelivered", `HTTP ${r.attempt.statusCode} in ${r.attempt.latencyMs} ms`);
      else toast.error("Redelivery failed", r.attempt.error);
      refresh();
    },
    onError: (err) => toast.error("Could not redeliver", errorMessage(err)),
  });
  const [editing, setEditing] = useState(false);
  const [rotating, setRotating] = useState(false);
  const w = endpoint.data;

  return (
    <>
      <PageHeader
        title={
          <span className="flex flex-wrap items-center gap-2">
            <span className="break-all font-mono text-lg">{w.url}</span>
            <EndpointStatusBadge endpoint={w} />
          </span>
        }
        description={w.description ?? undefined}
        actions={
          <label className="flex items-center gap-2 text-sm">
            <Switch checked={w.enabled} aria-label={w.enabled ? "Disable endpoint" : "Enable endpoint"} disabled={toggle.isPending} onCheckedChange={(enabled) => toggle.mutate({ endpoint: w, enabled })} />
            {w.enabled ? "Enabled" : "Disabled"}
          </label>
        }
      />
      <div className="mb-6 grid gap-3">
        {w.disabledReason && <Alert variant="destructive">{w.disabledReason}</Alert>}
        <EventBadges events={w.events} />
        <p className="flex flex-wrap gap-x-3 text-xs text-muted-foreground">
          {w.secretHint && (
            <span>
              Signing secret <code className="font-mono">{w.secretHint}</code>
            </span>
          )}
          {w.previousSecretExpiresAt && (
            <span>
              Previous secret also signs until <TimeAgo value={w.previousSecretExpiresAt} />
            </span>
          )}
          {w.failingSince && (
            <span className="text-warning">
              Failing since <TimeAgo value={w.failingSince} />
            </span>
          )}
        </p>
        <div className="flex flex-wrap gap-2">
          <EndpointButtons sending={sendTest.isPending} onSendTest={() => sendTest.mutate(w)} onEdit={() => setEditing(true)} onRotate={() => setRotating(true)} />
        </div>
      </div>
      <SectionHeader
        title="Deliveries"
        description="Failed deliveries are retried with exponential backoff for up to 3 days. Redeliver sends one again now, with a fresh timestamp and signature."
        actions={<OptionSelect value={filter} options={FILTERS} onValueChange={setFilter} label="Filter deliveries" className="w-48" />}
      />
      {deliveries.isError && <Alert variant="destructive">{errorMessage(deliveries.error)}</Alert>}
      <DeliveryLog deliveries={deliveries.data?.data ?? []} onRedeliver={(d) => redeliver.mutate(d)} redelivering={redeliver.isPending ? (redeliver.variables?.id ?? null) : null} />
      {editing && <EndpointDialog project={project} endpoint={w} open onOpenChange={(o) => !o && setEditing(false)} onSaved={refresh} />}
      <RotateSecretDialog project={project} endpoint={rotating ? w : null} onClose={() => setRotating(false)} onRotated={refresh} />
    </>
  );
}
