"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Bot, Server } from "lucide-react";
import { useState } from "react";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { EmptyState } from "@/components/ui/empty-state";
import { toast } from "@/components/ui/toaster";
import { errorMessage } from "@/lib/client/api";
import type { ProviderDto, ProviderListDto } from "@/lib/schemas/providers";
import { useCan, useConsole, useWorkspaceApi } from "../console-context";
import { AddProviderForm } from "./add-provider-form";
import { ProviderCard } from "./provider-card";
import { ReplaceKeyDialog } from "./replace-key-dialog";
import { vendorLabel } from "./vendor-labels";

function announce(p: ProviderDto) {
  if (p.status === "active") toast.success(`${p.name} is active`, `${p.models.length} models available.`);
  else toast.error(`${p.name} could not be validated`, p.statusReason ?? undefined);
}

export function ProvidersList({ initial }: { initial: ProviderListDto }) {
  const { workspace } = useConsole();
  const can = useCan();
  const call = useWorkspaceApi();
  const qc = useQueryClient();
  const manage = can("provider.manage");
  const key = ["providers", workspace.slug];
  const [deleting, setDeleting] = useState<ProviderDto | null>(null);
  const [replacing, setReplacing] = useState<ProviderDto | null>(null);
  const providers = useQuery({ queryKey: key, queryFn: ({ signal }) => call<ProviderListDto>("/v1/providers", { signal }), initialData: initial });
  const refresh = () => void qc.invalidateQueries({ queryKey: key });
  const validate = useMutation({
    mutationFn: (p: ProviderDto) => call<ProviderDto>(`/v1/providers/${encodeURIComponent(p.id)}/validate`, { method: "POST" }),
    onSuccess: (p) => (announce(p), refresh()),
    onError: (err) => toast.error("Could not validate", errorMessage(err)),
  });
  const remove = useMutation({
    mutationFn: (p: ProviderDto) => call(`/v1/providers/${encodeURIComponent(p.id)}`, { method: "DELETE" }),
    onSuccess: (_, p) => (toast.success("Provider deleted", p.name), refresh()),
    onError: (err) => toast.error("Could not delete the provider", errorMessage(err)),
  });
  const { data, platformDefaults } = providers.data;

  return (
    <div className="grid gap-6">
      {manage && <AddProviderForm onAdded={announce} onSettled={refresh} />}
      {providers.isError && <Alert variant="destructive">{errorMessage(providers.error)}</Alert>}
      {data.length === 0 ? (
        <EmptyState icon={Bot} title="No providers" description={manage ? "Add a vendor key to run models on your own account." : "An admin can add vendor keys for this workspace."} />
      ) : (
        <ul className="grid gap-3" aria-label="Providers">
          {data.map((p) => (
            <ProviderCard
              key={p.id}
              provider={p}
              manage={manage}
              validating={validate.isPending && validate.variables?.id === p.id}
              onValidate={() => validate.mutate(p)}
              onReplaceKey={() => setReplacing(p)}
              onDelete={() => setDeleting(p)}
            />
          ))}
        </ul>
      )}
      {platformDefaults.length > 0 && (
        <section aria-labelledby="platform-defaults" className="grid gap-2">
          <h2 id="platform-defaults" className="text-sm font-semibold">
            Platform defaults
          </h2>
          <p className="text-sm text-muted-foreground">Keys provided by the platform, used for a vendor when this workspace has no provider of its own.</p>
          <ul className="grid gap-2" aria-label="Platform defaults">
            {platformDefaults.map((d) => (
              <li key={d.vendor} className="flex items-center gap-3 rounded-lg border bg-card px-4 py-2.5 text-sm">
                <Server className="size-4 text-muted-foreground" aria-hidden />
                <span className="font-medium">{vendorLabel(d.vendor)}</span>
                <Badge variant="outline">platform</Badge>
                <span className="ml-auto text-xs text-muted-foreground">{d.inUse ? "In use" : "Not used: this workspace has its own provider"}</span>
              </li>
            ))}
          </ul>
        </section>
      )}
      <ReplaceKeyDialog provider={replacing} onClose={() => setReplacing(null)} onDone={(p) => (setReplacing(null), announce(p), refresh())} />
      <ConfirmDialog
        open={!!deleting}
        onOpenChange={(o) => !o && setDeleting(null)}
        title={`Delete ${deleting?.name}?`}
        description="Its key is erased. Model settings that use this provider must be changed first."
        confirmLabel="Delete provider"
        onConfirm={() => deleting && remove.mutateAsync(deleting)}
      />
    </div>
  );
}
