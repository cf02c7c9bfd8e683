"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { PlugZap, RefreshCw, RotateCw, Trash2 } from "lucide-react";
import { useSearchParams } from "next/navigation";
import { useEffect, useState } from "react";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { EmptyState } from "@/components/ui/empty-state";
import { TimeAgo } from "@/components/ui/time-ago";
import { toast } from "@/components/ui/toaster";
import { errorMessage } from "@/lib/client/api";
import type { ConnectionDto } from "@/lib/schemas/connections";
import { useConsole } from "../console-context";
import { ConnectionStatusBadge } from "./status-badge";
import { NewConnectionDialog } from "./new-connection-dialog";
import { startOAuth, type OAuthAvailability } from "./oauth";
import { RotateDialog } from "./rotate-dialog";
import { useProjectApi } from "./use-project-api";
import { providerLabel } from "./vendors";

type Page = { data: ConnectionDto[]; nextCursor: string | null };

export function ConnectionsList({ project, initial, canManage, availability }: { project: string; initial: Page; canManage: boolean; availability: OAuthAvailability }) {
  const { workspace } = useConsole();
  const call = useProjectApi(project);
  const qc = useQueryClient();
  const key = ["connections", workspace.slug, project];
  const [rotating, setRotating] = useState<ConnectionDto | null>(null);
  const [deleting, setDeleting] = useState<ConnectionDto | null>(null);
  const params = useSearchParams();
  const list = useQuery({ queryKey: key, queryFn: ({ signal }) => call<Page>("/v1/connections", { query: { limit: 200 }, signal }), initialData: initial });
  const refresh = () => void qc.invalidateQueries({ queryKey: key });

  const oauthError = params.get("oauth_error");
  const connected = params.get("connected");
  useEffect(() => {
    if (connected) toast.success("Connected", "The account is connected.");
  }, [connected]);

  const test = useMutation({
    mutationFn: (c: ConnectionDto) => call<ConnectionDto>(`/v1/connections/${encodeURIComponent(c.id)}/test`, { method: "POST" }),
    onSuccess: (c) => {
      if (c.status === "active") toast.success("Connection works", c.name);
      else toast.error("Connection test failed", c.statusReason ?? c.name);
      refresh();
    },
    onError: (err) => toast.error("Could not test the connection", errorMessage(err)),
  });
  const reconnect = useMutation({
    mutationFn: (c: ConnectionDto) => startOAuth(c.provider as "google" | "linkedin", { tenant: workspace.slug, project }, { connectionId: c.id }),
    onError: (err) => toast.error("Could not start reconnecting", errorMessage(err)),
  });
  const remove = useMutation({
    mutationFn: (c: ConnectionDto) => call(`/v1/connections/${encodeURIComponent(c.id)}`, { method: "DELETE" }),
    onSuccess: (_, c) => (toast.success("Connection deleted", c.name), refresh()),
    onError: (err) => toast.error("Could not delete the connection", errorMessage(err)),
  });
  const rows = list.data.data;

  return (
    <div className="grid gap-4">
      <div className="flex items-center justify-between gap-2">
        <p className="text-sm text-muted-foreground">{rows.length === 1 ? "1 connection" : `${rows.length} connections`}</p>
        {canManage && <NewConnectionDialog project={project} availability={availability} onCreated={(c) => (toast.success("Connection saved", `${c.name}: test it to check the credentials.`), refresh())} />}
      </div>
      {oauthError && <Alert variant="destructive">The OAuth flow did not finish ({oauthError.replace(/_/g, " ")}). Try again.</Alert>}
      {list.isError && <Alert variant="destructive">{errorMessage(list.error)}</Alert>}
      {rows.length === 0 ? (
        <EmptyState
          icon={PlugZap}
          title="No connections yet"
          description={canManage ? "Connect an API, a database or an account so this project's agents can use it." : "A project admin can add connections."}
        />
      ) : (
        <ul className="grid gap-3" aria-label="Connections">
          {rows.map((c) => (
            <li key={c.id} className="grid gap-2 rounded-lg border bg-card px-4 py-3" data-testid={`connection-${c.name}`}>
              <div className="flex flex-wrap items-center gap-2">
                <span className="font-medium">{c.name}</span>
                <span className="text-sm text-muted-foreground">{providerLabel(c.provider)}</span>
                <Badge variant="outline">{c.environment === "production" ? "Production" : "Sandbox"}</Badge>
                <ConnectionStatusBadge status={c.status} />
                <span className="ml-auto text-xs text-muted-foreground">
                  {c.lastValidatedAt ? (
                    <>
                      Checked <TimeAgo value={c.lastValidatedAt} />
                    </>
                  ) : (
                    "Never checked"
                  )}
                </span>
              </div>
              <div className="flex flex-wrap items-center gap-2 text-xs text-muted-foreground">
                {c.secretHint && (
                  <span>
                    Secret <code className="font-mono">{c.secretHint}</code>
                  </span>
                )}
                {c.secretVersion > 1 && <span>· version {c.secretVersion}</span>}
              </div>
              {c.statusReason && (c.status === "error" || c.status === "needs_reconnect") && (
                <p className={c.status === "error" ? "text-sm text-destructive" : "text-sm text-warning"} data-testid="connection-reason">
                  {c.statusReason}
                </p>
              )}
              {canManage && (
                <div className="flex flex-wrap gap-2">
                  <Button size="sm" variant="outline" disabled={test.isPending && test.variables?.id === c.id} onClick={() => test.mutate(c)}>
                    <PlugZap className="size-3.5" aria-hidden /> {test.isPending && test.variables?.id === c.id ? "Testing…" : "Test"}
                  </Button>
                  {c.type === "oauth2" ? (
                    <Button size="sm" variant={c.status === "needs_reconnect" ? "default" : "outline"} disabled={reconnect.isPending} onClick={() => reconnect.mutate(c)}>
                      <RefreshCw className="size-3.5" aria-hidden /> Reconnect
                    </Button>
                  ) : (
                    <Button size="sm" variant="outline" onClick={() => setRotating(c)}>
                      <RotateCw className="size-3.5" aria-hidden /> Rotate
                    </Button>
                  )}
                  <Button size="sm" variant="ghost" aria-label={`Delete ${c.name}`} onClick={() => setDeleting(c)}>
                    <Trash2 className="size-3.5" aria-hidden /> Delete
                  </Button>
                </div>
              )}
            </li>
          ))}
        </ul>
      )}
      <RotateDialog
        connection={rotating}
        project={project}
        onClose={() => setRotating(null)}
        onRotated={(c) => {
          setRotating(null);
          toast.success("Secret rotated", `${c.name} now uses the new secret. Revoke the old one at the vendor.`);
          refresh();
        }}
      />
      <ConfirmDialog
        open={!!deleting}
        onOpenChange={(o) => !o && setDeleting(null)}
        title={`Delete ${deleting?.name}?`}
        description="Its secret is erased. Agents and MCP instances bound to it stop working."
        confirmLabel="Delete connection"
        onConfirm={() => deleting && remove.mutateAsync(deleting)}
      />
    </div>
  );
}
