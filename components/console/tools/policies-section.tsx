"use client";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { Pencil, ShieldCheck, Trash2 } from "lucide-react";
import { useState } from "react";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { EmptyState } from "@/components/ui/empty-state";
import { toast } from "@/components/ui/toaster";
import { Table, TableBody, TableCell, TableColumns, TableRow } from "@/components/ui/table";
import { errorMessage } from "@/lib/client/api";
import type { ToolDto, ToolPolicyDto } from "@/lib/schemas/tools";
import { useConsole } from "../console-context";
import { useProjectApi } from "../connections/use-project-api";
import { NewButton } from "../new-button";
import { SectionHeader } from "../page-header";
import { RowActionsMenu } from "../row-actions-menu";
import { EFFECT_LABEL, PolicyDialog } from "./policy-dialog";
import { toolKeys } from "./queries";

const EFFECT_VARIANT = { allow: "success", approval_required: "warning", deny: "destructive" } as const;

/** The tool's policy bindings: which agent may call it, how, for whom, how often. */
export function PoliciesSection({ project, tool, initial, canManage }: { project: string; tool: ToolDto; initial: { data: ToolPolicyDto[] }; canManage: boolean }) {
  const { workspace } = useConsole();
  const call = useProjectApi(project);
  const qc = useQueryClient();
  const key = toolKeys.policies(workspace.slug, project, tool.id);
  const base = `/v1/tools/${encodeURIComponent(tool.id)}/policies`;
  const list = useQuery({ queryKey: key, queryFn: ({ signal }) => call<{ data: ToolPolicyDto[] }>(base, { signal }), initialData: initial });
  const refresh = () => void qc.invalidateQueries({ queryKey: key });
  const [editing, setEditing] = useState<ToolPolicyDto | "new" | null>(null);
  const [deleting, setDeleting] = useState<ToolPolicyDto | null>(null);
  const rows = list.data.data;

  async function remove(p: ToolPolicyDto) {
    try {
      await call(`${base}/${encodeURIComponent(p.id)}`, { method: "DELETE" });
      toast.success("Binding removed", p.agent.name);
      refresh();
    } catch (err) {
      toast.error("Could not remove the binding", errorMessage(err));
    }
  }

  return (
    <section aria-labelledby="tool-policies-heading">
      <SectionHeader
        title={<span id="tool-policies-heading">Policies</span>}
        description="Which agents may call this tool. No binding that matches a call: it is denied."
        actions={canManage && <NewButton label="Bind agent" onClick={() => setEditing("new")} />}
      />
      {list.isError && <Alert variant="destructive">{errorMessage(list.error)}</Alert>}
      {rows.length === 0 ? (
        <EmptyState icon={ShieldCheck} title="No agent may call this tool" description={canManage ? "Bind an agent to allow its calls, or to require an approval for them." : "A project admin can bind agents."} />
      ) : (
        <Table aria-label="Policies">
          <TableColumns columns={["Agent", "Effect", "Method", "Path pattern", "End user", "Limits", { label: "Actions", srOnly: true, className: "w-px" }]} />
          <TableBody>
            {rows.map((p) => (
              <TableRow key={p.id} data-testid={`policy-${p.agent.slug}`}>
                <TableCell>
                  <span className="font-medium">{p.agent.name}</span>
                  <span className="ml-2 font-mono text-xs text-muted-foreground">{p.agent.slug}</span>
                </TableCell>
                <TableCell>
                  <Badge variant={EFFECT_VARIANT[p.effect]}>{EFFECT_LABEL[p.effect]}</Badge>
                </TableCell>
                <TableCell className="font-mono text-xs">{p.method ?? "Any"}</TableCell>
                <TableCell className="font-mono text-xs">{p.pathPattern ?? "Any"}</TableCell>
                <TableCell className="font-mono text-xs">{p.endUserId ?? "Any"}</TableCell>
                <TableCell className="text-xs text-muted-foreground">{`${p.callsPerMinute ?? "∞"}/min · ${p.endUserCallsPerMinute ?? "∞"} per end user`}</TableCell>
                <TableCell>
                  {canManage && (
                    <RowActionsMenu
                      label={`Actions for the binding of ${p.agent.name}`}
                      actions={[
                        { label: "Edit", icon: Pencil, onSelect: () => setEditing(p) },
                        { label: "Delete", icon: Trash2, destructive: true, onSelect: () => setDeleting(p) },
                      ]}
                    />
                  )}
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
      {canManage && editing && (
        <PolicyDialog project={project} toolId={tool.id} policy={editing === "new" ? null : editing} open onOpenChange={(o) => !o && setEditing(null)} onSaved={refresh} />
      )}
      <ConfirmDialog
        open={!!deleting}
        onOpenChange={(o) => !o && setDeleting(null)}
        title={`Remove the binding of ${deleting?.agent.name}?`}
        description="Calls it covered are decided by the remaining bindings, or denied."
        confirmLabel="Remove binding"
        onConfirm={() => deleting && remove(deleting)}
      />
    </section>
  );
}
