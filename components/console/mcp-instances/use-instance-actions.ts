"use client";
import { useMutation } from "@tanstack/react-query";
import { toast } from "@/components/ui/toaster";
import { errorMessage } from "@/lib/client/api";
import type { McpInstanceDto, McpToolDto } from "@/lib/schemas/mcp-instances";
import { useProjectApi } from "../connections/use-project-api";

type SyncResult = { instance: McpInstanceDto; tools: McpToolDto[]; added: string[]; changed: string[]; removed: string[] };

function syncSummary(r: SyncResult): string {
  const parts = [`${r.tools.filter((t) => !t.removed).length} tools`];
  if (r.added.length) parts.push(`${r.added.length} new`);
  if (r.changed.length) parts.push(`${r.changed.length} changed`);
  if (r.removed.length) parts.push(`${r.removed.length} removed`);
  return parts.join(", ");
}

/** Sync and delete, with their toasts; `onDone` refreshes whatever shows the instance. */
export function useInstanceActions(project: string, onDone: () => void) {
  const call = useProjectApi(project);
  const sync = useMutation({
    mutationFn: (i: McpInstanceDto) => call<SyncResult>(`/v1/mcp-instances/${encodeURIComponent(i.id)}/sync`, { method: "POST" }),
    onSuccess: (r) => {
      if (r.instance.lastSyncStatus === "error") toast.error("Sync failed", r.instance.lastSyncError ?? r.instance.name);
      else toast.success(`Synced ${r.instance.name}`, syncSummary(r));
      onDone();
    },
    onError: (err) => (toast.error("Could not sync", errorMessage(err)), onDone()),
  });
  const remove = useMutation({
    mutationFn: (i: McpInstanceDto) => call(`/v1/mcp-instances/${encodeURIComponent(i.id)}`, { method: "DELETE" }),
    onSuccess: (_, i) => (toast.success("MCP instance deleted", i.name), onDone()),
    onError: (err) => toast.error("Could not delete the instance", errorMessage(err)),
  });
  return { sync, remove };
}
