"use client";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { RefreshCw, Wrench } from "lucide-react";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { errorMessage } from "@/lib/client/api";
import type { McpInstanceDto, McpToolDto } from "@/lib/schemas/mcp-instances";
import { useConsole } from "../console-context";
import { useProjectApi } from "../connections/use-project-api";
import { PageHeader } from "../page-header";
import { mcpKeys } from "./queries";
import { SyncStatus } from "./sync-status";
import { ToolsTable } from "./tools-table";
import { useInstanceActions } from "./use-instance-actions";

type Props = {
  project: string;
  initialInstance: McpInstanceDto;
  initialTools: McpToolDto[];
  connectionName: string | null;
  canManage: boolean;
  canCall: boolean;
};

type Row = [label: string, value: React.ReactNode];

function Settings({ instance, connectionName }: { instance: McpInstanceDto; connectionName: string | null }) {
  const credential = instance.connectionId
    ? `${connectionName ?? instance.connectionId} · ${instance.credentialPlacement}${instance.credentialName ? ` (${instance.credentialName})` : ""}`
    : "None";
  const remote = instance.adapter === "remote_mcp";
  const rows: (Row | false)[] = [
    ["Adapter", remote ? "Remote MCP server" : instance.adapter],
    !!instance.url && ["Server", <code key="url" className="font-mono text-xs break-all">{instance.url}</code>],
    ["Credential", credential],
    remote && ["Protocol", instance.protocolEra === "modern" ? "2026-07-28" : instance.protocolEra === "legacy" ? "2025-era" : "Not synced yet"],
    ["Allow only", instance.allowTools.length ? instance.allowTools.join(", ") : "All tools"],
    ["Deny", instance.denyTools.length ? instance.denyTools.join(", ") : "None"],
  ];
  return (
    <dl className="grid grid-cols-[8rem_1fr] gap-x-4 gap-y-1.5 rounded-lg border bg-card p-4 text-sm">
      {rows.filter((r): r is Row => r !== false).map(([k, v]) => (
        <div key={k} className="contents">
          <dt className="text-muted-foreground">{k}</dt>
          <dd>{v}</dd>
        </div>
      ))}
    </dl>
  );
}

/** One instance: its settings, Sync, and the cached tools with their policies and test calls. */
export function InstanceDetail({ project, initialInstance, initialTools, connectionName, canManage, canCall }: Props) {
  const { workspace } = useConsole();
  const call = useProjectApi(project);
  const qc = useQueryClient();
  const id = initialInstance.id;
  const instanceKey = [...mcpKeys.instances(workspace.slug, project), id];
  const toolsKey = mcpKeys.tools(workspace.slug, project, id);
  const instance = useQuery({ queryKey: instanceKey, queryFn: ({ signal }) => call<McpInstanceDto>(`/v1/mcp-instances/${encodeURIComponent(id)}`, { signal }), initialData: initialInstance });
  const tools = useQuery({ queryKey: toolsKey, queryFn: ({ signal }) => call<{ data: McpToolDto[] }>(`/v1/mcp-instances/${encodeURIComponent(id)}/tools`, { signal }), initialData: { data: initialTools } });
  // Invalidating the instances key refreshes this instance, its tools and the list alike.
  const { sync } = useInstanceActions(project, () => void qc.invalidateQueries({ queryKey: mcpKeys.instances(workspace.slug, project) }));
  const i = instance.data;
  const list = tools.data.data;

  return (
    <div className="grid gap-6">
      <PageHeader
        title={i.name}
        description={`Tools are offered to workflows as ${i.name}__<tool>.`}
        actions={
          canManage && (
            <Button variant="outline" disabled={sync.isPending} onClick={() => sync.mutate(i)}>
              <RefreshCw className="size-4" aria-hidden /> {sync.isPending ? "Syncing…" : "Sync"}
            </Button>
          )
        }
      />
      <div className="flex flex-wrap items-center gap-2">
        <SyncStatus instance={i} />
        {i.readOnly && <Badge variant="outline">Read-only</Badge>}
      </div>
      {i.lastSyncStatus === "error" && i.lastSyncError && <Alert variant="destructive">The last sync failed: {i.lastSyncError}</Alert>}
      <Settings instance={i} connectionName={connectionName} />
      <section className="grid gap-3" aria-labelledby="mcp-tools-heading">
        <h2 id="mcp-tools-heading" className="text-base font-semibold">
          Tools
        </h2>
        {tools.isError && <Alert variant="destructive">{errorMessage(tools.error)}</Alert>}
        {list.length === 0 ? (
          <EmptyState icon={Wrench} title="No tools cached" description={canManage ? "Sync the instance to list the server's tools." : "A project admin can sync the instance to list its tools."} />
        ) : (
          <ToolsTable project={project} instanceId={id} tools={list} canManage={canManage} canCall={canCall} />
        )}
      </section>
    </div>
  );
}
