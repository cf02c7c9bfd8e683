"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Pencil, Trash2 } from "lucide-react";
import { useState } from "react";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { toast } from "@/components/ui/toaster";
import { errorMessage } from "@/lib/client/api";
import type { ModelSettingDto } from "@/lib/schemas/model-settings";
import type { ModelCatalogDto } from "@/lib/schemas/models";
import type { ProviderListDto } from "@/lib/schemas/providers";
import type { ProjectDto } from "@/lib/schemas/projects";
import { useCan, useConsole, useWorkspaceApi } from "../console-context";
import { ModelSettingForm } from "./model-setting-form";

const usd = (micros: number) => `$${(micros / 1_000_000).toFixed(2)}`;

/** The project's model per role (the models agents and LLM steps get injected). */
export function ModelSettings({ project }: { project: Pick<ProjectDto, "id" | "slug" | "role"> }) {
  const { workspace } = useConsole();
  const can = useCan();
  const call = useWorkspaceApi();
  const qc = useQueryClient();
  const manage = can("model_settings.manage", project.role);
  const key = ["model-settings", workspace.slug, project.id];
  const [editing, setEditing] = useState<ModelSettingDto | null>(null);
  // Bumped after each save so the form starts empty again.
  const [saves, setSaves] = useState(0);
  const settings = useQuery({ queryKey: key, queryFn: ({ signal }) => call<{ data: ModelSettingDto[] }>("/v1/model-settings", { project: project.id, signal }) });
  const providers = useQuery({ queryKey: ["providers", workspace.slug], queryFn: ({ signal }) => call<ProviderListDto>("/v1/providers", { signal }), enabled: manage && can("provider.read") });
  const catalog = useQuery({ queryKey: ["models"], queryFn: ({ signal }) => call<ModelCatalogDto>("/v1/models", { signal }), enabled: manage && can("provider.read") });
  const refresh = () => void qc.invalidateQueries({ queryKey: key });
  const remove = useMutation({
    mutationFn: (role: string) => call(`/v1/model-settings/${encodeURIComponent(role)}`, { method: "DELETE", project: project.id }),
    onSuccess: (_, role) => (toast.success("Model setting removed", role), refresh()),
    onError: (err) => toast.error("Could not remove the setting", errorMessage(err)),
  });
  const rows = settings.data?.data ?? [];
  return (
    <section aria-labelledby="model-settings" className="grid gap-3">
      <div>
        <h2 id="model-settings" className="text-base font-semibold">
          Models
        </h2>
        <p className="text-sm text-muted-foreground">The model each role uses. Roles without a setting use &quot;default&quot;.</p>
      </div>
      {settings.isError && <Alert variant="destructive">{errorMessage(settings.error)}</Alert>}
      {rows.length === 0 && settings.isSuccess ? (
        <p className="text-sm text-muted-foreground">No model set yet.</p>
      ) : (
        <ul className="divide-y rounded-lg border bg-card" aria-label="Model settings">
          {rows.map((s) => (
            <li key={s.role} className="flex flex-wrap items-center gap-3 px-4 py-2.5 text-sm">
              <code className="font-mono font-medium">{s.role}</code>
              <span className="font-mono">{s.model}</span>
              {s.provider.source === "platform" ? <Badge variant="outline">platform</Badge> : <Badge variant="secondary">{s.provider.name}</Badge>}
              {s.catalog && (
                <span className="text-xs text-muted-foreground">
                  {usd(s.catalog.inputMicrosPerMTok)} / {usd(s.catalog.outputMicrosPerMTok)} per 1M tokens
                </span>
              )}
              {manage && (
                <span className="ml-auto flex gap-1">
                  <Button variant="ghost" size="icon" className="size-8" aria-label={`Edit ${s.role}`} onClick={() => setEditing(s)}>
                    <Pencil className="size-4" aria-hidden />
                  </Button>
                  <Button variant="ghost" size="icon" className="size-8" aria-label={`Remove ${s.role}`} onClick={() => remove.mutate(s.role)}>
                    <Trash2 className="size-4" aria-hidden />
                  </Button>
                </span>
              )}
            </li>
          ))}
        </ul>
      )}
      {manage && providers.data && catalog.data && (
        <ModelSettingForm
          key={`${editing?.role ?? "new"}-${saves}`}
          project={project.id}
          providers={providers.data}
          catalog={catalog.data}
          editing={editing}
          onSaved={() => (toast.success("Model saved"), setEditing(null), setSaves((n) => n + 1), refresh())}
        />
      )}
    </section>
  );
}
