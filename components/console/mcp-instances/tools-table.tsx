"use client";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { Play } from "lucide-react";
import { useState } from "react";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { OptionSelect } from "@/components/ui/select";
import { Table, TableBody, TableCell, TableColumns, TableRow } from "@/components/ui/table";
import { toast } from "@/components/ui/toaster";
import { errorMessage } from "@/lib/client/api";
import { TOOL_POLICIES, type McpToolDto } from "@/lib/schemas/mcp-instances";
import { useConsole } from "../console-context";
import { useProjectApi } from "../connections/use-project-api";
import { mcpKeys, POLICY_LABELS } from "./queries";
import { TestCallDialog } from "./test-call-dialog";

const POLICY_OPTIONS = TOOL_POLICIES.map((p) => ({ value: p, label: POLICY_LABELS[p] }));
const POLICY_VARIANT = { allow: "success", approval_required: "warning", deny: "destructive" } as const;

function readOnlyHint(tool: McpToolDto): boolean {
  return tool.annotations?.readOnlyHint === true;
}

type Props = { project: string; instanceId: string; tools: McpToolDto[]; canManage: boolean; canCall: boolean };

/** The cached tools with their policies: a select for project admins, a badge for everyone else. */
export function ToolsTable({ project, instanceId, tools, canManage, canCall }: Props) {
  const { workspace } = useConsole();
  const call = useProjectApi(project);
  const qc = useQueryClient();
  const [testing, setTesting] = useState<McpToolDto | null>(null);
  const setPolicy = useMutation({
    mutationFn: ({ tool, policy }: { tool: McpToolDto; policy: McpToolDto["policy"] }) =>
      call<McpToolDto>(`/v1/mcp-instances/${encodeURIComponent(instanceId)}/tools/${encodeURIComponent(tool.name)}`, { method: "PATCH", body: { policy } }),
    onSuccess: (t) => {
      toast.success("Policy saved", `${t.name}: ${POLICY_LABELS[t.policy]}`);
      void qc.invalidateQueries({ queryKey: mcpKeys.tools(workspace.slug, project, instanceId) });
    },
    onError: (err) => toast.error("Could not change the policy", errorMessage(err)),
  });

  return (
    <>
      <Table aria-label="Tools">
        <TableColumns columns={["Tool", "Policy", { label: "Actions", srOnly: true, className: "w-px" }]} />
        <TableBody>
          {tools.map((t) => (
            <TableRow key={t.name} data-testid={`mcp-tool-${t.name}`}>
              <TableCell className="max-w-lg">
                <div className="flex flex-wrap items-center gap-1.5">
                  <span className="font-mono text-sm font-medium">{t.name}</span>
                  {readOnlyHint(t) && <Badge variant="outline">Read-only hint</Badge>}
                  {t.policySource === "admin" && <Badge variant="secondary">Set by admin</Badge>}
                  {!t.callable && <Badge variant="destructive">Excluded</Badge>}
                  {t.removed && <Badge variant="destructive">Removed upstream</Badge>}
                </div>
                {t.description && <p className="mt-0.5 text-xs text-muted-foreground">{t.description}</p>}
              </TableCell>
              <TableCell className="w-52">
                {canManage ? (
                  <OptionSelect
                    value={t.policy}
                    options={POLICY_OPTIONS}
                    label={`Policy for ${t.name}`}
                    disabled={setPolicy.isPending && setPolicy.variables?.tool.name === t.name}
                    onValueChange={(policy) => setPolicy.mutate({ tool: t, policy })}
                  />
                ) : (
                  <Badge variant={POLICY_VARIANT[t.policy]}>{POLICY_LABELS[t.policy]}</Badge>
                )}
              </TableCell>
              <TableCell>
                {canCall && (
                  <Button size="sm" variant="outline" disabled={!t.callable || t.removed || t.policy === "deny"} onClick={() => setTesting(t)} aria-label={`Test ${t.name}`}>
                    <Play className="size-3.5" aria-hidden /> Test
                  </Button>
                )}
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
      <TestCallDialog project={project} instanceId={instanceId} tool={testing} onOpenChange={(o) => !o && setTesting(null)} />
    </>
  );
}
