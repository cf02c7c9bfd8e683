"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { KeyRound, RefreshCw, Trash2 } from "lucide-react";
import { useState } from "react";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Checkbox } from "@/components/ui/checkbox";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { Dialog, DialogContent } from "@/components/ui/dialog";
import { EmptyState } from "@/components/ui/empty-state";
import { TableSkeleton } from "@/components/ui/skeleton";
import { Table, TableBody, TableCell, TableColumns, TableRow } from "@/components/ui/table";
import { TimeAgo } from "@/components/ui/time-ago";
import { toast } from "@/components/ui/toaster";
import { errorMessage } from "@/lib/client/api";
import { shortDate } from "@/lib/client/format";
import { cn } from "@/components/ui/cn";
import { SectionHeader } from "../page-header";
import { useConsole, useWorkspaceApi } from "../console-context";
import { ShowOnceStep } from "../dialog-form";
import { NewButton } from "../new-button";
import { RowActionsMenu } from "../row-actions-menu";
import { CreateTokenDialog } from "./create-token-dialog";
import { NewTokenValue } from "./new-token-value";
import { tokenStatus, type CreatedToken, type Token, type TokenPage } from "./types";

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

export function TokensPanel() {
  const { workspace } = useConsole();
  const call = useWorkspaceApi();
  const qc = useQueryClient();
  const [showInactive, setShowInactive] = useState(false);
  const [creating, setCreating] = useState(false);
  const [revoking, setRevoking] = useState<Token | null>(null);
  const [rotating, setRotating] = useState<Token | null>(null);
  const [rotated, setRotated] = useState<CreatedToken | null>(null);

  const tokens = useQuery({
    queryKey: ["tokens", workspace.slug, showInactive ? "all" : "active"],
    queryFn: ({ signal }) => call<TokenPage>("/v1/tokens", { query: { status: showInactive ? "all" : "active", limit: 200 }, signal }),
  });
  const refresh = () => qc.invalidateQueries({ queryKey: ["tokens", workspace.slug] });

  const revoke = useMutation({
    mutationFn: (t: Token) => call(`/v1/tokens/${encodeURIComponent(t.id)}`, { method: "DELETE" }),
    onSuccess: (_, t) => (toast.success("Token revoked", `${t.name} stops working immediately.`), refresh()),
    onError: (err) => toast.error("Could not revoke the token", errorMessage(err)),
  });
  const rotate = useMutation({
    mutationFn: (t: Token) => call<CreatedToken>(`/v1/tokens/${encodeURIComponent(t.id)}/rotate`, { method: "POST" }),
    onSuccess: (next) => (setRotated(next), refresh()),
    onError: (err) => toast.error("Could not rotate the token", errorMessage(err)),
  });

  return (
    <section aria-labelledby="tokens-title">
      <SectionHeader
        title={<span id="tokens-title">Personal access tokens</span>}
        description="Tokens for the REST API and the Platform MCP server. A token acts as you, limited to its scopes."
        actions={
          <NewButton size="sm" label="Create token" onClick={() => setCreating(true)} />
        }
      />
      <label className="mb-3 flex w-fit cursor-pointer items-center gap-2 text-sm text-muted-foreground">
        <Checkbox checked={showInactive} onChange={(e) => setShowInactive(e.target.checked)} />
        Show revoked and expired tokens
      </label>

      {tokens.isPending ? (
        <TableSkeleton rows={3} />
      ) : tokens.isError ? (
        <Alert variant="destructive">{errorMessage(tokens.error)}</Alert>
      ) : tokens.data.data.length === 0 ? (
        <EmptyState
          icon={KeyRound}
          title={showInactive ? "No tokens" : "No active tokens"}
          description="Create a token to call the API from scripts, CI or your agents."
          action={
            <NewButton size="sm" variant="outline" label="Create token" onClick={() => setCreating(true)} />
          }
        />
      ) : (
        <Table aria-label="Personal access tokens">
          <TableColumns columns={["Name", "Token", "Scopes", "Created", "Last used", "Expires", { label: "Actions", srOnly: true, className: "w-10" }]} />
          <TableBody>
            {tokens.data.data.map((t) => {
              const status = tokenStatus(t);
              return (
                <TableRow key={t.id} className={cn(status !== "active" && "text-muted-foreground")}>
                  <TableCell>
                    <div className="font-medium">{t.name}</div>
                    <div className="text-xs text-muted-foreground">{t.project ? `Project: ${t.project.name}` : "All projects"}</div>
                  </TableCell>
                  <TableCell>
                    <code className="whitespace-nowrap font-mono text-xs">{t.prefix}…</code>
                  </TableCell>
                  <TableCell>
                    <Scopes scopes={t.scopes} />
                  </TableCell>
                  <TableCell className="whitespace-nowrap text-xs">{shortDate(t.createdAt)}</TableCell>
                  <TableCell className="whitespace-nowrap text-xs">
                    <TimeAgo value={t.lastUsedAt} fallback="Never" />
                  </TableCell>
                  <TableCell className="whitespace-nowrap text-xs">
                    {status === "revoked" ? (
                      <Badge variant="destructive">Revoked</Badge>
                    ) : status === "expired" ? (
                      <Badge variant="warning">Expired</Badge>
                    ) : t.expiresAt ? (
                      shortDate(t.expiresAt)
                    ) : (
                      <span className="text-muted-foreground">Never</span>
                    )}
                  </TableCell>
                  <TableCell>
                    {status === "active" && (
                      <RowActionsMenu
                        label={`Actions for ${t.name}`}
                        actions={[
                          { label: "Rotate", icon: RefreshCw, onSelect: () => setRotating(t) },
                          { label: "Revoke", icon: Trash2, onSelect: () => setRevoking(t), destructive: true },
                        ]}
                      />
                    )}
                  </TableCell>
                </TableRow>
              );
            })}
          </TableBody>
        </Table>
      )}

      <CreateTokenDialog open={creating} onOpenChange={setCreating} />
      <ConfirmDialog
        open={!!revoking}
        onOpenChange={(o) => !o && setRevoking(null)}
        title="Revoke token?"
        description={
          <>
            <strong className="text-foreground">{revoking?.name}</strong> (<code className="font-mono">{revoking?.prefix}…</code>) stops working on its very next request. This cannot be undone.
          </>
        }
        confirmLabel="Revoke token"
        onConfirm={() => revoking && revoke.mutateAsync(revoking)}
      />
      <ConfirmDialog
        open={!!rotating}
        onOpenChange={(o) => !o && setRotating(null)}
        title="Rotate token?"
        description={
          <>
            A new value replaces <strong className="text-foreground">{rotating?.name}</strong> with the same scopes, project and lifetime. The current value stops working now.
          </>
        }
        confirmLabel="Rotate token"
        onConfirm={() => rotating && rotate.mutateAsync(rotating)}
      />
      <Dialog open={!!rotated} onOpenChange={(o) => !o && setRotated(null)}>
        <DialogContent className="max-w-xl">
          <ShowOnceStep title="Token rotated" description="Update every place that uses the old value." onDone={() => setRotated(null)}>
            {rotated && <NewTokenValue created={rotated} />}
          </ShowOnceStep>
        </DialogContent>
      </Dialog>
    </section>
  );
}
