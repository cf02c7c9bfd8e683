"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { KeyRound, RotateCw } from "lucide-react";
import { useState } from "react";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { EmptyState } from "@/components/ui/empty-state";
import { TimeAgo } from "@/components/ui/time-ago";
import { toast } from "@/components/ui/toaster";
import { Table, TableBody, TableCell, TableColumns, TableRow } from "@/components/ui/table";
import { errorMessage } from "@/lib/client/api";
import type { AgentDto, AgentTokenDto } from "@/lib/schemas/agents";
import { useConsole } from "../console-context";
import { useProjectApi } from "../connections/use-project-api";
import { SectionHeader } from "../page-header";
import { agentKeys } from "./queries";
import { RotateTokenDialog } from "./rotate-token-dialog";

type Page = { data: AgentTokenDto[]; nextCursor: string | null };

function tokenStatus(t: AgentTokenDto, now = Date.now()): "active" | "revoked" | "expired" {
  if (t.revokedAt) return "revoked";
  return t.expiresAt && new Date(t.expiresAt).getTime() <= now ? "expired" : "active";
}

function TokenStatus({ token }: { token: AgentTokenDto }) {
  const status = tokenStatus(token);
  if (status === "active") return <Badge variant="success">Active</Badge>;
  return <Badge variant="secondary">{status === "revoked" ? "Revoked" : "Expired"}</Badge>;
}

/** The agent's tokens (prefixes only), Rotate, and Revoke per live token. */
export function TokensSection({ project, agent, initial, canManage }: { project: string; agent: AgentDto; initial: Page; canManage: boolean }) {
  const { workspace } = useConsole();
  const call = useProjectApi(project);
  const qc = useQueryClient();
  const key = agentKeys.tokens(workspace.slug, project, agent.id);
  const tokens = useQuery({ queryKey: key, queryFn: ({ signal }) => call<Page>(`/v1/agents/${encodeURIComponent(agent.id)}/tokens`, { query: { limit: 200 }, signal }), initialData: initial });
  const refresh = () => void qc.invalidateQueries({ queryKey: key });
  const [rotating, setRotating] = useState(false);
  const [revoking, setRevoking] = useState<AgentTokenDto | null>(null);
  const revoke = useMutation({
    mutationFn: (t: AgentTokenDto) => call<AgentTokenDto>(`/v1/agents/${encodeURIComponent(agent.id)}/tokens/${encodeURIComponent(t.id)}`, { method: "DELETE" }),
    onSuccess: (t) => (toast.success("Token revoked", `${t.prefix}… stops working now.`), refresh()),
    onError: (err) => toast.error("Could not revoke the token", errorMessage(err)),
  });
  const rows = tokens.data.data;

  return (
    <section aria-labelledby="agent-tokens-heading">
      <SectionHeader
        title={<span id="agent-tokens-heading">Tokens</span>}
        description="The agent's service identity on the LLM gateway and the tool proxy (Authorization: Bearer ar_agt_…). Values are shown once; only prefixes are kept."
        actions={
          canManage && (
            <Button variant="outline" size="sm" onClick={() => setRotating(true)}>
              <RotateCw className="size-3.5" aria-hidden /> Rotate token
            </Button>
          )
        }
      />
      {tokens.isError && <Alert variant="destructive">{errorMessage(tokens.error)}</Alert>}
      {rows.length === 0 ? (
        <EmptyState icon={KeyRound} title="No tokens" description="Rotate to issue one." />
      ) : (
        <Table aria-label="Agent tokens">
          <TableColumns columns={["Name", "Prefix", "Created", "Last used", "Expires", "Status", { label: "Actions", srOnly: true, className: "w-px" }]} />
          <TableBody>
            {rows.map((t) => (
              <TableRow key={t.id} data-testid={`agent-token-${t.id}`}>
                <TableCell>{t.name}</TableCell>
                <TableCell className="font-mono text-xs">{t.prefix}…</TableCell>
                <TableCell className="text-xs">
                  <TimeAgo value={t.createdAt} />
                </TableCell>
                <TableCell className="text-xs">
                  <TimeAgo value={t.lastUsedAt} fallback="Never" />
                </TableCell>
                <TableCell className="text-xs">
                  <TimeAgo value={t.expiresAt} fallback="Never" />
                </TableCell>
                <TableCell>
                  <TokenStatus token={t} />
                </TableCell>
                <TableCell>
                  {canManage && tokenStatus(t) === "active" && (
                    <Button variant="ghost" size="sm" onClick={() => setRevoking(t)} aria-label={`Revoke ${t.prefix}`}>
                      Revoke
                    </Button>
                  )}
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
      {canManage && <RotateTokenDialog project={project} agent={agent} open={rotating} onOpenChange={setRotating} onRotated={refresh} />}
      <ConfirmDialog
        open={!!revoking}
        onOpenChange={(o) => !o && setRevoking(null)}
        title={`Revoke ${revoking?.prefix}…?`}
        description="The next call with this token is refused. The agent's other tokens keep working."
        confirmLabel="Revoke token"
        onConfirm={() => revoking && revoke.mutateAsync(revoking)}
      />
    </section>
  );
}
