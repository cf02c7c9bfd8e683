"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Webhook } from "lucide-react";
import { useState } from "react";
import { Alert } from "@/components/ui/alert";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { EmptyState } from "@/components/ui/empty-state";
import { toast } from "@/components/ui/toaster";
import { errorMessage } from "@/lib/client/api";
import { useConsole } from "../console-context";
import { useProjectApi } from "../connections/use-project-api";
import { CreateSubscriptionDialog } from "./create-subscription-dialog";
import { RotateSecretDialog } from "./rotate-secret-dialog";
import { SubscriptionCard } from "./subscription-card";
import type { InboundContext, Page, Subscription } from "./types";

type Props = { ctx: InboundContext; workflowName: string; initial: Page<Subscription>; published: boolean };

/** A workflow's inbound subscriptions: create (values shown once), enable/disable, rotate, delete, deliveries. */
export function InboundPanel({ ctx, workflowName, initial, published }: Props) {
  const { workspace } = useConsole();
  const call = useProjectApi(ctx.project);
  const qc = useQueryClient();
  const key = ["inbound-subscriptions", workspace.slug, ctx.project, ctx.workflowId];
  const [rotating, setRotating] = useState<Subscription | null>(null);
  const [deleting, setDeleting] = useState<Subscription | null>(null);
  const list = useQuery({
    queryKey: key,
    queryFn: ({ signal }) => call<Page<Subscription>>(`/v1/workflows/${encodeURIComponent(ctx.workflowId)}/inbound`, { query: { limit: 200 }, signal }),
    initialData: initial,
  });
  const refresh = () => void qc.invalidateQueries({ queryKey: key });

  const toggle = useMutation({
    mutationFn: ({ s, enabled }: { s: Subscription; enabled: boolean }) =>
      call<Subscription>(`/v1/inbound-subscriptions/${encodeURIComponent(s.id)}`, { method: "PATCH", body: { enabled } }),
    onSuccess: (s) => (toast.success(s.enabled ? "Subscription enabled" : "Subscription disabled", s.name ?? s.id), refresh()),
    onError: (err) => toast.error("Could not change the subscription", errorMessage(err)),
  });
  const remove = useMutation({
    mutationFn: (s: Subscription) => call(`/v1/inbound-subscriptions/${encodeURIComponent(s.id)}`, { method: "DELETE" }),
    onSuccess: (_, s) => (toast.success("Subscription deleted", `${s.name ?? s.id}: its token is revoked.`), refresh()),
    onError: (err) => toast.error("Could not delete the subscription", errorMessage(err)),
  });
  const rows = list.data.data;

  return (
    <div className="grid gap-4">
      <div className="flex items-center justify-between gap-2">
        <p className="text-sm text-muted-foreground">{rows.length === 1 ? "1 subscription" : `${rows.length} subscriptions`}</p>
        <CreateSubscriptionDialog ctx={ctx} workflowName={workflowName} onCreated={refresh} />
      </div>
      {!published && <Alert>Deliveries start the latest published version: publish {workflowName} before sending, or deliveries are refused.</Alert>}
      {list.isError && <Alert variant="destructive">{errorMessage(list.error)}</Alert>}
      {rows.length === 0 ? (
        <EmptyState icon={Webhook} title="No inbound subscriptions" description="Create one to let an external system (GitHub, a CRM, your backend) start this workflow with a signed POST." />
      ) : (
        <ul className="grid gap-3" aria-label="Inbound subscriptions">
          {rows.map((s) => (
            <SubscriptionCard
              key={s.id}
              ctx={ctx}
              subscription={s}
              busy={toggle.isPending && toggle.variables?.s.id === s.id}
              onToggle={(enabled) => toggle.mutate({ s, enabled })}
              onRotate={() => setRotating(s)}
              onDelete={() => setDeleting(s)}
            />
          ))}
        </ul>
      )}
      <RotateSecretDialog ctx={ctx} subscription={rotating} onClose={() => setRotating(null)} onRotated={refresh} />
      <ConfirmDialog
        open={!!deleting}
        onOpenChange={(o) => !o && setDeleting(null)}
        title={`Delete ${deleting?.name ?? "this subscription"}?`}
        description="Its token is revoked and its delivery log erased. Senders using it get 401 from now on."
        confirmLabel="Delete subscription"
        onConfirm={() => deleting && remove.mutateAsync(deleting)}
      />
    </div>
  );
}
