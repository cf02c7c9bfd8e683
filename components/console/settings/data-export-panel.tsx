"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { TimeAgo } from "@/components/ui/time-ago";
import { toast } from "@/components/ui/toaster";
import { api, errorMessage } from "@/lib/client/api";
import type { DataExportDto } from "@/lib/schemas/exports";
import { useCan, useConsole, useWorkspaceApi } from "../console-context";

const inFlight = (e?: DataExportDto | null) => e?.status === "queued" || e?.status === "running";
const STATUS_VARIANT = { queued: "secondary", running: "default", succeeded: "success", failed: "destructive", expired: "outline" } as const;

function formatBytes(n: number | null): string {
  if (n === null) return "";
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}

/** One export: its status, a progress bar while it builds, the link once it is ready. */
function ExportStatus({ exp, label }: { exp: DataExportDto; label: string }) {
  const rows = exp.resources ? Object.values(exp.resources).reduce((n, r) => n + r.rows, 0) : 0;
  return (
    <div className="grid gap-2 rounded-md border p-3 text-sm" data-testid="export-status">
      <div className="flex flex-wrap items-center gap-2">
        <Badge variant={STATUS_VARIANT[exp.status]}>{exp.status}</Badge>
        <span className="text-muted-foreground">
          Requested <TimeAgo value={exp.createdAt} />
        </span>
      </div>
      {inFlight(exp) && (
        <div role="progressbar" aria-label={`${label} progress`} aria-valuemin={0} aria-valuemax={100} aria-valuenow={exp.progress} className="h-2 w-full overflow-hidden rounded bg-muted">
          <div className="h-full bg-primary transition-all" style={{ width: `${Math.max(exp.progress, 3)}%` }} />
        </div>
      )}
      {exp.status === "succeeded" && exp.downloadUrl && (
        <div className="flex flex-wrap items-center gap-3">
          <a href={exp.downloadUrl} className="font-medium text-primary underline-offset-4 hover:underline" download>
            Download archive
          </a>
          <span className="text-muted-foreground">
            {formatBytes(exp.sizeBytes)} · {Object.keys(exp.resources ?? {}).length} files · {rows} rows · link expires <TimeAgo value={exp.expiresAt} />
          </span>
        </div>
      )}
      {exp.status === "expired" && <p className="text-muted-foreground">The archive has been deleted. Start a new export.</p>}
      {exp.status === "failed" && <p className="text-destructive">{exp.error}</p>}
    </div>
  );
}

function WorkspaceExportCard() {
  const { workspace } = useConsole();
  const call = useWorkspaceApi();
  const qc = useQueryClient();
  const key = ["workspace-exports", workspace.slug];
  const list = useQuery({
    queryKey: key,
    queryFn: ({ signal }) => call<{ data: DataExportDto[] }>("/v1/workspaces/current/exports", { signal }),
    refetchInterval: (q) => (inFlight(q.state.data?.data[0]) ? 1000 : false),
  });
  const start = useMutation({
    mutationFn: () => call<DataExportDto>("/v1/workspaces/current/export", { method: "POST", body: {} }),
    onSuccess: () => qc.invalidateQueries({ queryKey: key }),
    onError: (err) => toast.error("Could not start the export", errorMessage(err)),
  });
  const latest = list.data?.data[0];
  return (
    <Card>
      <CardHeader className="pb-4">
        <CardTitle className="text-base">Export workspace</CardTitle>
        <CardDescription>
          A .tar.gz with one NDJSON file per resource (projects, members, workflows, runs, connections, agents, webhooks, audit log, ledger…) and a manifest with row counts and
          SHA-256 checksums. Secrets are never exported: no API keys, signing secrets, token hashes or credentials. The archive and its link expire after 24 hours (EXPORT_RETENTION_HOURS).
        </CardDescription>
      </CardHeader>
      <CardContent className="grid max-w-2xl gap-4">
        <div>
          <Button size="sm" onClick={() => start.mutate()} disabled={start.isPending || inFlight(latest)}>
            {inFlight(latest) ? "Exporting…" : "Export workspace"}
          </Button>
        </div>
        {latest && <ExportStatus exp={latest} label="Workspace export" />}
      </CardContent>
    </Card>
  );
}

function AccountExportCard() {
  const [id, setId] = useState<string | null>(null);
  const current = useQuery({
    queryKey: ["account-export", id],
    queryFn: ({ signal }) => api<DataExportDto>(`/v1/me/exports/${id}`, { signal }),
    enabled: id !== null,
    refetchInterval: (q) => (inFlight(q.state.data) ? 1000 : false),
  });
  const start = useMutation({
    mutationFn: () => api<DataExportDto>("/v1/me/export", { method: "POST", body: {} }),
    onSuccess: (e) => setId(e.id),
    onError: (err) => toast.error("Could not start the export", errorMessage(err)),
  });
  return (
    <Card>
      <CardHeader className="pb-4">
        <CardTitle className="text-base">Your account data</CardTitle>
        <CardDescription>Your profile, sign-in methods and sessions, memberships, API tokens (metadata only) and the audit entries of your own actions, in every workspace.</CardDescription>
      </CardHeader>
      <CardContent className="grid max-w-2xl gap-4">
        <div>
          <Button size="sm" variant="outline" onClick={() => start.mutate()} disabled={start.isPending || inFlight(current.data)}>
            Export my data
          </Button>
        </div>
        {current.data && <ExportStatus exp={current.data} label="Account export" />}
      </CardContent>
    </Card>
  );
}

/** Settings → Data: the workspace export (owners and tenant admins) and the caller's own. */
export function DataExportPanel() {
  const can = useCan();
  return (
    <div className="grid gap-6">
      {can("workspace.export") && <WorkspaceExportCard />}
      <AccountExportCard />
    </div>
  );
}
