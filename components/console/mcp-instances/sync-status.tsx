import { Badge } from "@/components/ui/badge";
import { TimeAgo } from "@/components/ui/time-ago";
import type { McpInstanceDto } from "@/lib/schemas/mcp-instances";

/** Never synced, synced (when), or the last sync's failure. */
export function SyncStatus({ instance }: { instance: McpInstanceDto }) {
  if (!instance.lastSyncedAt) return <Badge variant="outline">Never synced</Badge>;
  return (
    <span className="flex flex-wrap items-center gap-1.5 text-xs text-muted-foreground">
      {instance.lastSyncStatus === "error" ? <Badge variant="destructive">Sync failed</Badge> : <Badge variant="success">Synced</Badge>}
      <TimeAgo value={instance.lastSyncedAt} />
    </span>
  );
}
