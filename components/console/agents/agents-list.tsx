"use client";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { BotMessageSquare, Trash2 } from "lucide-react";
import Link from "next/link";
import { useState } from "react";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { EmptyState } from "@/components/ui/empty-state";
import { Table, TableBody, TableCell, TableColumns, TableRow } from "@/components/ui/table";
import { errorMessage } from "@/lib/client/api";
import type { AgentDto } from "@/lib/schemas/agents";
import { useConsole } from "../console-context";
import { useProjectApi } from "../connections/use-project-api";
import { NewButton } from "../new-button";
import { RowActionsMenu } from "../row-actions-menu";
import { AgentDialog } from "./agent-dialog";
import { agentKeys } from "./queries";
import { useDeleteAgent } from "./use-delete-agent";

type Page = { data: AgentDto[]; nextCursor: string | null };

export function AgentsList({ project, initial, canManage }: { project: string; initial: Page; canManage: boolean }) {
  const { workspace } = useConsole();
  const call = useProjectApi(project);
  const qc = useQueryClient();
  const key = agentKeys.all(workspace.slug, project);
  const list = useQuery({ queryKey: key, queryFn: ({ signal }) => call<Page>("/v1/agents", { query: { limit: 200 }, signal }), initialData: initial });
  const refresh = () => void qc.invalidateQueries({ queryKey: key });
  const remove = useDeleteAgent(project, refresh);
  const [creating, setCreating] = useState(false);
  const [deleting, setDeleting] = useState<AgentDto | null>(null);
  const rows = list.data.data;
  const base = `/w/${workspace.slug}/projects/${project}/agents`;

  return (
    <div className="grid gap-4">
      <div className="flex items-center justify-between gap-2">
        <p className="text-sm text-muted-foreground">{rows.length === 1 ? "1 agent" : `${rows.length} agents`}</p>
        {canManage && <NewButton label="Register agent" onClick={() => setCreating(true)} />}
      </div>
      {list.isError && <Alert variant="destructive">{errorMessage(list.error)}</Alert>}
      {rows.length === 0 ? (
        <EmptyState
          icon={BotMessageSquare}
          title="No agents yet"
          description={canManage ? "Register an agent you run: end users reach it through the gateway, and it calls models and tools without holding a credential." : "A project admin can register agents."}
        />
      ) : (
        <Table aria-label="Agents">
          <TableColumns columns={["Name", "Endpoint", "Models", { label: "Actions", srOnly: true, className: "w-px" }]} />
          <TableBody>
            {rows.map((a) => (
              <TableRow key={a.id} data-testid={`agent-${a.slug}`}>
                <TableCell>
                  <Link href={`${base}/${a.id}`} className="font-medium hover:underline">
                    {a.name}
                  </Link>
                  <span className="ml-2 font-mono text-xs text-muted-foreground">{a.slug}</span>
                  {!a.identityProvider && (
                    <Badge variant="outline" className="ml-2">
                      Ingress closed
                    </Badge>
                  )}
                </TableCell>
                <TableCell className="max-w-xs truncate font-mono text-xs text-muted-foreground">{a.endpointUrl}</TableCell>
                <TableCell className="text-xs text-muted-foreground">{a.models.length ? a.models.map((m) => `${m.role}: ${m.model}`).join(", ") : "Project settings"}</TableCell>
                <TableCell>
                  {canManage && <RowActionsMenu label={`Actions for ${a.name}`} actions={[{ label: "Delete", icon: Trash2, destructive: true, onSelect: () => setDeleting(a) }]} />}
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
      {canManage && <AgentDialog project={project} agent={null} open={creating} onOpenChange={setCreating} onSaved={refresh} />}
      <ConfirmDialog
        open={!!deleting}
        onOpenChange={(o) => !o && setDeleting(null)}
        title={`Delete ${deleting?.name}?`}
        description="Its tokens stop working at once and its ingress URL answers 404. Its runs are deleted with it."
        confirmLabel="Delete agent"
        onConfirm={() => deleting && remove.mutateAsync(deleting)}
      />
    </div>
  );
}
