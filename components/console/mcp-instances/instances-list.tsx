"use client";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { RefreshCw, Server, Trash2 } from "lucide-react";
import Link from "next/link";
import { useState } from "react";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { EmptyState } from "@/components/ui/empty-state";
import { toast } from "@/components/ui/toaster";
import { Table, TableBody, TableCell, TableColumns, TableRow } from "@/components/ui/table";
import { errorMessage } from "@/lib/client/api";
import type { McpInstanceDto } from "@/lib/schemas/mcp-instances";
import { useConsole } from "../console-context";
import { useProjectApi } from "../connections/use-project-api";
import { NewButton } from "../new-button";
import { RowActionsMenu } from "../row-actions-menu";
import { InstanceDialog } from "./instance-dialog";
import { mcpKeys } from "./queries";
import { SyncStatus } from "./sync-status";
import { useInstanceActions } from "./use-instance-actions";

type Page = { data: McpInstanceDto[]; nextCursor: string | null };

export function InstancesList({ project, initial, canManage }: { project: string; initial: Page; canManage: boolean }) {
  const { workspace } = useConsole();
  const call = useProjectApi(project);
  const qc = useQueryClient();
  const key = mcpKeys.instances(workspace.slug, project);
  const list = useQuery({ queryKey: key, queryFn: ({ signal }) => call<Page>("/v1/mcp-instances", { query: { limit: 200 }, signal }), initialData: initial });
  const refresh = () => void qc.invalidateQueries({ queryKey: key });
  const { sync, remove } = useInstanceActions(project, refresh);
  const [creating, setCreating] = useState(false);
  const [deleting, setDeleting] = useState<McpInstanceDto | null>(null);
  const rows = list.data.data;
  const base = `/w/${workspace.slug}/projects/${project}/mcp-instances`;

  return (
    <div className="grid gap-4">
      <div className="flex items-center justify-between gap-2">
        <p className="text-sm text-muted-foreground">{rows.length === 1 ? "1 instance" : `${rows.length} instances`}</p>
        {canManage && <NewButton label="Add instance" onClick={() => setCreating(true)} />}
      </div>
      {list.isError && <Alert variant="destructive">{errorMessage(list.error)}</Alert>}
      {rows.length === 0 ? (
        <EmptyState
          icon={Server}
          title="No MCP instances yet"
          description={canManage ? "Add a remote MCP server, sync its tools, and use them as workflow steps." : "A project admin can add MCP instances."}
        />
      ) : (
        <Table aria-label="MCP instances">
          <TableColumns columns={["Name", "Server", "Last sync", { label: "Actions", srOnly: true, className: "w-px" }]} />
          <TableBody>
            {rows.map((i) => (
              <TableRow key={i.id} data-testid={`mcp-instance-${i.name}`}>
                <TableCell>
                  <Link href={`${base}/${i.id}`} className="font-mono font-medium hover:underline">
                    {i.name}
                  </Link>
                  {i.readOnly && (
                    <Badge variant="outline" className="ml-2">
                      Read-only
                    </Badge>
                  )}
                </TableCell>
                <TableCell className="max-w-xs truncate font-mono text-xs text-muted-foreground">{i.url}</TableCell>
                <TableCell>
                  <SyncStatus instance={i} />
                </TableCell>
                <TableCell>
                  {canManage && (
                    <div className="flex items-center justify-end gap-1">
                      <Button size="sm" variant="outline" disabled={sync.isPending && sync.variables?.id === i.id} onClick={() => sync.mutate(i)}>
                        <RefreshCw className="size-3.5" aria-hidden /> {sync.isPending && sync.variables?.id === i.id ? "Syncing…" : "Sync"}
                      </Button>
                      <RowActionsMenu label={`Actions for ${i.name}`} actions={[{ label: "Delete", icon: Trash2, destructive: true, onSelect: () => setDeleting(i) }]} />
                    </div>
                  )}
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
      {canManage && <InstanceDialog project={project} open={creating} onOpenChange={setCreating} onCreated={(i) => (toast.success("MCP instance added", `${i.name}: sync it to list its tools.`), refresh())} />}
      <ConfirmDialog
        open={!!deleting}
        onOpenChange={(o) => !o && setDeleting(null)}
        title={`Delete ${deleting?.name}?`}
        description="Its cached tools go with it, and workflow steps that use them fail. The connection is kept."
        confirmLabel="Delete instance"
        onConfirm={() => deleting && remove.mutateAsync(deleting)}
      />
    </div>
  );
}
