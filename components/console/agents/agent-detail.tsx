"use client";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { Pencil, Trash2 } from "lucide-react";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import type { AgentDto, AgentRuntimeDto, AgentTokenDto } from "@/lib/schemas/agents";
import { useConsole } from "../console-context";
import { useProjectApi } from "../connections/use-project-api";
import { PageHeader } from "../page-header";
import { AgentDialog } from "./agent-dialog";
import { agentKeys } from "./queries";
import { RuntimeBundle } from "./runtime-bundle";
import { TokensSection } from "./tokens-section";
import { TryPanel } from "./try-panel";
import { useDeleteAgent } from "./use-delete-agent";

type Props = {
  project: string;
  initialAgent: AgentDto;
  initialTokens: { data: AgentTokenDto[]; nextCursor: string | null };
  initialRuntime: AgentRuntimeDto;
  canManage: boolean;
  canTry: boolean;
};

type Row = [label: string, value: React.ReactNode];

function Settings({ agent }: { agent: AgentDto }) {
  const idp = agent.identityProvider;
  const usd = (micros: number) => `$${(micros / 1_000_000).toFixed(2)}`;
  const rows: Row[] = [
    ["Endpoint", <code key="e" className="font-mono text-xs break-all">{agent.endpointUrl}</code>],
    ["Ingress", <code key="i" className="font-mono text-xs break-all">{agent.ingressUrl}</code>],
    ["Models", agent.models.length ? agent.models.map((m) => `${m.role}: ${m.model}`).join(", ") : "The project's model settings"],
    ["Tools", agent.requiredTools.length ? agent.requiredTools.join(", ") : "None"],
    ["End users", idp ? `${idp.issuer} · aud ${idp.audiences.join(", ")} · ${idp.algorithms.join(", ")} · claim ${idp.userClaim}` : "No identity provider: ingress refuses every request"],
    ["Origins", agent.allowedOrigins.length ? agent.allowedOrigins.join(", ") : "None (no browser calls)"],
    ["Run budget", agent.runBudget !== null ? usd(agent.runBudget) : "The project's default"],
    ["Rate limits", `${agent.tokensPerMinute ?? "∞"} tokens/min · ${agent.endUserTokensPerMinute ?? "∞"} per end user`],
  ];
  return (
    <dl className="grid grid-cols-[8rem_1fr] gap-x-4 gap-y-1.5 rounded-lg border bg-card p-4 text-sm" aria-label="Settings">
      {rows.map(([k, v]) => (
        <div key={k} className="contents">
          <dt className="text-muted-foreground">{k}</dt>
          <dd className="min-w-0">{v}</dd>
        </div>
      ))}
    </dl>
  );
}

/** One agent: its settings (edit), tokens (rotate, revoke), runtime bundle and the try panel. */
export function AgentDetail({ project, initialAgent, initialTokens, initialRuntime, canManage, canTry }: Props) {
  const { workspace } = useConsole();
  const call = useProjectApi(project);
  const qc = useQueryClient();
  const router = useRouter();
  const id = initialAgent.id;
  const agent = useQuery({ queryKey: agentKeys.one(workspace.slug, project, id), queryFn: ({ signal }) => call<AgentDto>(`/v1/agents/${encodeURIComponent(id)}`, { signal }), initialData: initialAgent });
  const runtime = useQuery({
    queryKey: agentKeys.runtime(workspace.slug, project, id),
    queryFn: ({ signal }) => call<AgentRuntimeDto>(`/v1/agents/${encodeURIComponent(id)}/runtime`, { signal }),
    initialData: initialRuntime,
  });
  // The agent's key is a prefix of its tokens' and runtime's: one invalidation refreshes all.
  const refresh = () => void qc.invalidateQueries({ queryKey: agentKeys.all(workspace.slug, project) });
  const remove = useDeleteAgent(project, () => router.push(`/w/${workspace.slug}/projects/${project}/agents`));
  const [editing, setEditing] = useState(false);
  const [deleting, setDeleting] = useState(false);
  const a = agent.data;

  return (
    <div className="grid gap-8">
      <div className="grid gap-3">
        <PageHeader
          className="mb-0"
          title={a.name}
          description={a.description ?? undefined}
          actions={
            canManage && (
              <>
                <Button variant="outline" onClick={() => setEditing(true)}>
                  <Pencil className="size-4" aria-hidden /> Edit
                </Button>
                <Button variant="outline" onClick={() => setDeleting(true)} aria-label="Delete agent">
                  <Trash2 className="size-4" aria-hidden />
                </Button>
              </>
            )
          }
        />
        <div className="flex flex-wrap gap-2">
          <Badge variant="outline" className="font-mono">
            {a.slug}
          </Badge>
          {!a.identityProvider && <Badge variant="warning">Ingress closed</Badge>}
        </div>
        <Settings agent={a} />
      </div>
      <TokensSection project={project} agent={a} initial={initialTokens} canManage={canManage} />
      <RuntimeBundle runtime={runtime.data} />
      {canTry && <TryPanel project={project} agent={a} />}
      {editing && <AgentDialog project={project} agent={a} open onOpenChange={(o) => !o && setEditing(false)} onSaved={() => (refresh(), router.refresh())} />}
      <ConfirmDialog
        open={deleting}
        onOpenChange={setDeleting}
        title={`Delete ${a.name}?`}
        description="Its tokens stop working at once and its ingress URL answers 404. Its runs are deleted with it."
        confirmLabel="Delete agent"
        onConfirm={() => remove.mutateAsync(a)}
      />
    </div>
  );
}
