"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { KeyRound, MoreHorizontal, Plus, RefreshCw, Trash2 } from "lucide-react";
import { useState } from "react";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Checkbox } from "@/components/ui/checkbox";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from "@/components/ui/dialog";
import { DropdownMenu, DropdownMenuContent, DropdownMenuItem, DropdownMenuTrigger } from "@/components/ui/dropdown-menu";
import { EmptyState } from "@/components/ui/empty-state";
import { TableSkeleton } from "@/components/ui/skeleton";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { TimeAgo } from "@/components/ui/time-ago";
import { toast } from "@/components/ui/toaster";
import { errorMessage } from "@/lib/client/api";
import { shortDate } from "@/lib/client/format";
import { cn } from "@/components/ui/cn";
import { SectionHeader } from "../page-header";
import { useConsole, useWorkspaceApi } from "../console-context";
import { CreateKeyDialog } from "./create-key-dialog";
import { NewKeyValue } from "./new-key-value";
import { keyStatus, type ApiKey, type ApiKeyPage, type CreatedApiKey } from "./types";

function Scopes({ scopes }: { scopes: string[] }) {
  const shown = scopes.slice(0, 2);
  return (
    <span className="flex flex-wrap gap-1" title={scopes.join(", ")}>
      {shown.map((s) => (
        <Badge key={s} variant="secondary" className="font-mono text-[11px] font-normal">
          {s}
        </Badge>
      ))}
      {scopes.length > shown.length && <Badge variant="outline" className="text-[11px] font-normal">+{scopes.length - shown.length}</Badge>}
    </span>
  );
}

export function ApiKeysPanel() {
  const { workspace } = useConsole();
  const call = useWorkspaceApi();
  const qc = useQueryClient();
  const [showInactive, setShowInactive] = useState(false);
  const [creating, setCreating] = useState(false);
  const [revoking, setRevoking] = useState<ApiKey | null>(null);
  const [rotating, setRotating] = useState<ApiKey | null>(null);
  const [rotated, setRotated] = useState<CreatedApiKey | null>(null);

  const keys = useQuery({
    queryKey: ["tokens", workspace.slug, showInactive ? "all" : "active"],
    queryFn: ({ signal }) => call<ApiKeyPage>("/v1/tokens", { query: { status: showInactive ? "all" : "active", limit: 200 }, signal }),
  });
  const refresh = () => qc.invalidateQueries({ queryKey: ["tokens", workspace.slug] });

  const revoke = useMutation({
    mutationFn: (k: ApiKey) => call(`/v1/tokens/${encodeURIComponent(k.id)}`, { method: "DELETE" }),
    onSuccess: (_, k) => (toast.success("API key revoked", `${k.name} stops working immediately.`), refresh()),
    onError: (err) => toast.error("Could not revoke the key", errorMessage(err)),
  });
  const rotate = useMutation({
    mutationFn: (k: ApiKey) => call<CreatedApiKey>(`/v1/tokens/${encodeURIComponent(k.id)}/rotate`, { method: "POST" }),
    onSuccess: (next) => (setRotated(next), refresh()),
    onError: (err) => toast.error("Could not rotate the key", errorMessage(err)),
  });

  return (
    <section aria-labelledby="api-keys-title">
      <SectionHeader
        title={<span id="api-keys-title">API keys</span>}
        description="Personal access tokens for the REST API and the Platform MCP server. A key acts as you, limited to its scopes."
        actions={
          <Button size="sm" onClick={() => setCreating(true)}>
            <Plus className="size-4" aria-hidden /> Create API key
          </Button>
        }
      />
      <label className="mb-3 flex w-fit cursor-pointer items-center gap-2 text-sm text-muted-foreground">
        <Checkbox checked={showInactive} onChange={(e) => setShowInactive(e.target.checked)} />
        Show revoked and expired keys
      </label>

      {keys.isPending ? (
        <TableSkeleton rows={3} />
      ) : keys.isError ? (
        <Alert variant="destructive">{errorMessage(keys.error)}</Alert>
      ) : keys.data.data.length === 0 ? (
        <EmptyState
          icon={KeyRound}
          title={showInactive ? "No API keys" : "No active API keys"}
          description="Create a key to call the API from scripts, CI or your agents."
          action={
            <Button size="sm" variant="outline" onClick={() => setCreating(true)}>
              <Plus className="size-4" aria-hidden /> Create API key
            </Button>
          }
        />
      ) : (
        <Table aria-label="API keys">
          <TableHeader>
            <TableRow>
              <TableHead>Name</TableHead>
              <TableHead>Key</TableHead>
              <TableHead>Scopes</TableHead>
              <TableHead>Created</TableHead>
              <TableHead>Last used</TableHead>
              <TableHead>Expires</TableHead>
              <TableHead className="w-10">
                <span className="sr-only">Actions</span>
              </TableHead>
            </TableRow>
          </TableHeader>
          <TableBody>
            {keys.data.data.map((k) => {
              const status = keyStatus(k);
              return (
                <TableRow key={k.id} className={cn(status !== "active" && "text-muted-foreground")}>
                  <TableCell>
                    <div className="font-medium">{k.name}</div>
                    <div className="text-xs text-muted-foreground">{k.project ? `Project: ${k.project.name}` : "All projects"}</div>
                  </TableCell>
                  <TableCell>
                    <code className="whitespace-nowrap font-mono text-xs">{k.prefix}…</code>
                  </TableCell>
                  <TableCell>
                    <Scopes scopes={k.scopes} />
                  </TableCell>
                  <TableCell className="whitespace-nowrap text-xs">{shortDate(k.createdAt)}</TableCell>
                  <TableCell className="whitespace-nowrap text-xs">
                    <TimeAgo value={k.lastUsedAt} fallback="Never" />
                  </TableCell>
                  <TableCell className="whitespace-nowrap text-xs">
                    {status === "revoked" ? (
                      <Badge variant="destructive">Revoked</Badge>
                    ) : status === "expired" ? (
                      <Badge variant="warning">Expired</Badge>
                    ) : k.expiresAt ? (
                      shortDate(k.expiresAt)
                    ) : (
                      <span className="text-muted-foreground">Never</span>
                    )}
                  </TableCell>
                  <TableCell>
                    {status === "active" && (
                      <DropdownMenu>
                        <DropdownMenuTrigger asChild>
                          <Button variant="ghost" size="icon" className="size-8" aria-label={`Actions for ${k.name}`}>
                            <MoreHorizontal className="size-4" aria-hidden />
                          </Button>
                        </DropdownMenuTrigger>
                        <DropdownMenuContent align="end">
                          <DropdownMenuItem onSelect={() => setRotating(k)}>
                            <RefreshCw /> Rotate
                          </DropdownMenuItem>
                          <DropdownMenuItem variant="destructive" onSelect={() => setRevoking(k)}>
                            <Trash2 /> Revoke
                          </DropdownMenuItem>
                        </DropdownMenuContent>
                      </DropdownMenu>
                    )}
                  </TableCell>
                </TableRow>
              );
            })}
          </TableBody>
        </Table>
      )}

      <CreateKeyDialog open={creating} onOpenChange={setCreating} />
      <ConfirmDialog
        open={!!revoking}
        onOpenChange={(o) => !o && setRevoking(null)}
        title="Revoke API key?"
        description={
          <>
            <strong className="text-foreground">{revoking?.name}</strong> (<code className="font-mono">{revoking?.prefix}…</code>) stops working on its very next request. This cannot be undone.
          </>
        }
        confirmLabel="Revoke key"
        onConfirm={() => revoking && revoke.mutateAsync(revoking)}
      />
      <ConfirmDialog
        open={!!rotating}
        onOpenChange={(o) => !o && setRotating(null)}
        title="Rotate API key?"
        description={
          <>
            A new value replaces <strong className="text-foreground">{rotating?.name}</strong> with the same scopes, project and lifetime. The current value stops working now.
          </>
        }
        confirmLabel="Rotate key"
        onConfirm={() => rotating && rotate.mutateAsync(rotating)}
      />
      <Dialog open={!!rotated} onOpenChange={(o) => !o && setRotated(null)}>
        <DialogContent className="max-w-xl">
          <DialogHeader>
            <DialogTitle>Key rotated</DialogTitle>
            <DialogDescription>Update every place that uses the old value.</DialogDescription>
          </DialogHeader>
          {rotated && <NewKeyValue created={rotated} />}
          <DialogFooter>
            <Button onClick={() => setRotated(null)}>Done</Button>
          </DialogFooter>
        </DialogContent>
      </Dialog>
    </section>
  );
}
