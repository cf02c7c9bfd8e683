"use client";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { Trash2, Wrench } from "lucide-react";
import Link from "next/link";
import { useState } from "react";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { EmptyState } from "@/components/ui/empty-state";
import { Table, TableBody, TableCell, TableColumns, TableRow } from "@/components/ui/table";
import { errorMessage } from "@/lib/client/api";
import type { ToolDto } from "@/lib/schemas/tools";
import { useConsole } from "../console-context";
import { useProjectApi } from "../connections/use-project-api";
import { NewButton } from "../new-button";
import { RowActionsMenu } from "../row-actions-menu";
import { toolKeys } from "./queries";
import { ToolDialog } from "./tool-dialog";
import { useDeleteTool } from "./use-delete-tool";

type Page = { data: ToolDto[]; nextCursor: string | null };

export const CREDENTIAL_LABEL: Record<ToolDto["credential"]["kind"], string> = { none: "No credential", api_key: "API key", oauth2: "OAuth 2.0", sigv4: "AWS SigV4" };

export function ToolsList({ project, initial, canManage }: { project: string; initial: Page; canManage: boolean }) {
  const { workspace } = useConsole();
  const call = useProjectApi(project);
  const qc = useQueryClient();
  const key = toolKeys.all(workspace.slug, project);
  const list = useQuery({ queryKey: key, queryFn: ({ signal }) => call<Page>("/v1/tools", { query: { limit: 200 }, signal }), initialData: initial });
  const refresh = () => void qc.invalidateQueries({ queryKey: key });
  const remove = useDeleteTool(project, refresh);
  const [creating, setCreating] = useState(false);
  const [deleting, setDeleting] = useState<ToolDto | null>(null);
  const rows = list.data.data;
  const base = `/w/${workspace.slug}/projects/${project}/tools`;

  return (
    <div className="grid gap-4">
      <div className="flex items-center justify-between gap-2">
        <p className="text-sm text-muted-foreground">{rows.length === 1 ? "1 tool" : `${rows.length} tools`}</p>
        {canManage && <NewButton label="Register tool" onClick={() => setCreating(true)} />}
      </div>
      {list.isError && <Alert variant="destructive">{errorMessage(list.error)}</Alert>}
      {rows.length === 0 ? (
        <EmptyState
          icon={Wrench}
          title="No tools yet"
          description={canManage ? "Register an upstream API: agents call it through the gateway, which applies policies and injects the credential." : "A project admin can register tools."}
        />
      ) : (
        <Table aria-label="Tools">
          <TableColumns columns={["Name", "Base URL", "Credential", "Capabilities", { label: "Actions", srOnly: true, className: "w-px" }]} />
          <TableBody>
            {rows.map((t) => (
              <TableRow key={t.id} data-testid={`tool-${t.name}`}>
                <TableCell>
                  <Link href={`${base}/${t.id}`} className="font-mono font-medium hover:underline">
                    {t.name}
                  </Link>
                  {t.description && <span className="ml-2 text-xs text-muted-foreground">{t.description}</span>}
                </TableCell>
                <TableCell className="max-w-xs truncate font-mono text-xs text-muted-foreground">{t.baseUrl}</TableCell>
                <TableCell>
                  <Badge variant="outline">{CREDENTIAL_LABEL[t.credential.kind]}</Badge>
                </TableCell>
                <TableCell className="text-xs text-muted-foreground">{t.capabilities.length ? `${t.capabilities.length} declared` : "Any (passthrough)"}</TableCell>
                <TableCell>
                  {canManage && <RowActionsMenu label={`Actions for ${t.name}`} actions={[{ label: "Delete", icon: Trash2, destructive: true, onSelect: () => setDeleting(t) }]} />}
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
      {canManage && <ToolDialog project={project} tool={null} open={creating} onOpenChange={setCreating} onSaved={refresh} />}
      <ConfirmDialog
        open={!!deleting}
        onOpenChange={(o) => !o && setDeleting(null)}
        title={`Delete ${deleting?.name}?`}
        description="Its policies are deleted with it, and agents' calls to its URL answer 404."
        confirmLabel="Delete tool"
        onConfirm={() => deleting && remove.mutateAsync(deleting)}
      />
    </div>
  );
}
