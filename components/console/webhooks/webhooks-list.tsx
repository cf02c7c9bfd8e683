"use client";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { Trash2, Webhook } from "lucide-react";
import Link from "next/link";
import { useState } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { EmptyState } from "@/components/ui/empty-state";
import { Switch } from "@/components/ui/switch";
import { TimeAgo } from "@/components/ui/time-ago";
import { errorMessage } from "@/lib/client/api";
import type { WebhookDto } from "@/lib/schemas/webhooks";
import { useConsole } from "../console-context";
import { useProjectApi } from "../connections/use-project-api";
import { NewButton } from "../new-button";
import { EndpointDialog } from "./endpoint-dialog";
import { EndpointButtons, EventBadges } from "./endpoint-parts";
import { EndpointStatusBadge } from "./endpoint-status";
import { RotateSecretDialog } from "./rotate-secret-dialog";
import { useEndpointActions } from "./use-endpoint-actions";

type Page = { data: WebhookDto[]; nextCursor: string | null };

export function WebhooksList({ project, initial }: { project: string; initial: Page }) {
  const { workspace } = useConsole();
  const call = useProjectApi(project);
  const qc = useQueryClient();
  const key = ["webhooks", workspace.slug, project];
  const list = useQuery({ queryKey: key, queryFn: ({ signal }) => call<Page>("/v1/webhooks", { query: { limit: 200 }, signal }), initialData: initial });
  const refresh = () => void qc.invalidateQueries({ queryKey: key });
  const { toggle, sendTest, remove } = useEndpointActions(project, refresh);
  const [creating, setCreating] = useState(false);
  const [editing, setEditing] = useState<WebhookDto | null>(null);
  const [rotating, setRotating] = useState<WebhookDto | null>(null);
  const [deleting, setDeleting] = useState<WebhookDto | null>(null);
  const rows = list.data.data;
  const base = `/w/${workspace.slug}/projects/${project}/webhooks`;

  return (
    <div className="grid gap-4">
      <div className="flex items-center justify-between gap-2">
        <p className="text-sm text-muted-foreground">{rows.length === 1 ? "1 endpoint" : `${rows.length} endpoints`}</p>
        <NewButton label="Add endpoint" onClick={() => setCreating(true)} />
      </div>
      {list.isError && <Alert variant="destructive">{errorMessage(list.error)}</Alert>}
      {rows.length === 0 ? (
        <EmptyState icon={Webhook} title="No endpoints yet" description="Add an endpoint to receive run, approval and connection events as signed HTTP POSTs." />
      ) : (
        <ul className="grid gap-3" aria-label="Webhook endpoints">
          {rows.map((w) => (
            <li key={w.id} className="grid gap-2 rounded-lg border bg-card px-4 py-3" data-testid="webhook-endpoint">
              <div className="flex flex-wrap items-center gap-2">
                <Link href={`${base}/${w.id}`} className="min-w-0 truncate font-mono text-sm font-medium hover:underline">
                  {w.url}
                </Link>
                <EndpointStatusBadge endpoint={w} />
                <span className="ml-auto flex items-center gap-2 text-xs text-muted-foreground">
                  <Switch
                    checked={w.enabled}
                    aria-label={`${w.enabled ? "Disable" : "Enable"} ${w.url}`}
                    disabled={toggle.isPending && toggle.variables?.endpoint.id === w.id}
                    onCheckedChange={(enabled) => toggle.mutate({ endpoint: w, enabled })}
                  />
                  {w.enabled ? "On" : "Off"}
                </span>
              </div>
              {w.description && <p className="text-sm text-muted-foreground">{w.description}</p>}
              <EventBadges events={w.events} />
              <div className="flex flex-wrap items-center gap-2 text-xs text-muted-foreground">
                {w.secretHint && (
                  <span>
                    Secret <code className="font-mono">{w.secretHint}</code>
                  </span>
                )}
                {w.previousSecretExpiresAt && (
                  <span>
                    · previous secret also signs until <TimeAgo value={w.previousSecretExpiresAt} />
                  </span>
                )}
                {w.failingSince && w.enabled && (
                  <span className="text-warning">
                    · failing since <TimeAgo value={w.failingSince} />
                  </span>
                )}
              </div>
              {w.disabledReason && <p className="text-sm text-destructive">{w.disabledReason}</p>}
              <div className="flex flex-wrap gap-2">
                <Button size="sm" variant="outline" asChild>
                  <Link href={`${base}/${w.id}`}>Deliveries</Link>
                </Button>
                <EndpointButtons
                  sending={sendTest.isPending && sendTest.variables?.id === w.id}
                  onSendTest={() => sendTest.mutate(w)}
                  onEdit={() => setEditing(w)}
                  onRotate={() => setRotating(w)}
                />
                <Button size="sm" variant="ghost" aria-label={`Delete ${w.url}`} onClick={() => setDeleting(w)}>
                  <Trash2 className="size-3.5" aria-hidden /> Delete
                </Button>
              </div>
            </li>
          ))}
        </ul>
      )}
      <EndpointDialog key="create" project={project} endpoint={null} open={creating} onOpenChange={setCreating} onSaved={refresh} />
      {editing && <EndpointDialog key={editing.id} project={project} endpoint={editing} open onOpenChange={(o) => !o && setEditing(null)} onSaved={refresh} />}
      <RotateSecretDialog project={project} endpoint={rotating} onClose={() => setRotating(null)} onRotated={refresh} />
      <ConfirmDialog
        open={!!deleting}
        onOpenChange={(o) => !o && setDeleting(null)}
        title="Delete this endpoint?"
        description={
          <>
            <span className="font-mono">{deleting?.url}</span> stops receiving events, and its delivery log and secrets are erased.
          </>
        }
        confirmLabel="Delete endpoint"
        onConfirm={() => deleting && remove.mutateAsync(deleting)}
      />
    </div>
  );
}
