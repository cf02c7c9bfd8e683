"use client";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { Pencil, Trash2 } from "lucide-react";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import type { ToolDto, ToolPolicyDto } from "@/lib/schemas/tools";
import { useConsole } from "../console-context";
import { useProjectApi } from "../connections/use-project-api";
import { PageHeader } from "../page-header";
import { PoliciesSection } from "./policies-section";
import { toolKeys } from "./queries";
import { TestCallPanel } from "./test-call-panel";
import { ToolDialog } from "./tool-dialog";
import { CREDENTIAL_LABEL } from "./tools-list";
import { useDeleteTool } from "./use-delete-tool";

type Props = { project: string; initialTool: ToolDto; initialPolicies: { data: ToolPolicyDto[] }; canManage: boolean; canTest: boolean };

function credentialText(t: ToolDto): string {
  const c = t.credential;
  if (c.kind === "none") return "None";
  const where = c.kind === "api_key" ? (c.placement === "bearer" ? "as a bearer" : `in ${c.placement} ${c.name}`) : c.kind === "sigv4" ? `signed for ${c.service} in ${c.region}` : "as a bearer, refreshed";
  return `${CREDENTIAL_LABEL[c.kind]} from connection ${c.connectionId ?? "(unbound: calls fail)"}, ${where}`;
}

function Settings({ tool }: { tool: ToolDto }) {
  const rows: Array<[string, React.ReactNode]> = [
    ["Agents call", <code key="u" className="font-mono text-xs break-all">{tool.url}</code>],
    ["Upstream", <code key="b" className="font-mono text-xs break-all">{tool.baseUrl}</code>],
    [
      "Capabilities",
      tool.capabilities.length ? (
        <ul key="c" className="grid gap-0.5 font-mono text-xs">
          {tool.capabilities.map((c) => (
            <li key={`${c.method} ${c.path}`}>
              {c.method} {c.path}
            </li>
          ))}
        </ul>
      ) : (
        "Any method and path (passthrough)"
      ),
    ],
    ["Credential", credentialText(tool)],
    ["Rate limit", tool.callsPerMinute ? `${tool.callsPerMinute} calls/min` : "The gateway's default"],
    ["Bodies", tool.recordBodies ? "Recorded in the run's steps (redacted)" : "Not recorded"],
  ];
  return (
    <dl className="grid grid-cols-[8rem_1fr] gap-x-4 gap-y-1.5 rounded-lg border bg-card p-4 text-sm" aria-label="Settings">
      {rows.map(([k, v]) => (
        <div key={k} className="contents">
          <dt className="text-muted-foreground">{k}</dt>
          <dd className="min-w-0">{v}</dd>
        </div>
      ))}
    </dl>
  );
}

/** One tool: its settings (edit), policies (bind agents) and the test call panel. */
export function ToolDetail({ project, initialTool, initialPolicies, canManage, canTest }: Props) {
  const { workspace } = useConsole();
  const call = useProjectApi(project);
  const qc = useQueryClient();
  const router = useRouter();
  const id = initialTool.id;
  const tool = useQuery({ queryKey: toolKeys.one(workspace.slug, project, id), queryFn: ({ signal }) => call<ToolDto>(`/v1/tools/${encodeURIComponent(id)}`, { signal }), initialData: initialTool });
  const refresh = () => void qc.invalidateQueries({ queryKey: toolKeys.all(workspace.slug, project) });
  const remove = useDeleteTool(project, () => router.push(`/w/${workspace.slug}/projects/${project}/tools`));
  const [editing, setEditing] = useState(false);
  const [deleting, setDeleting] = useState(false);
  const t = tool.data;

  return (
    <div className="grid gap-8">
      <div className="grid gap-3">
        <PageHeader
          className="mb-0"
          title={t.name}
          description={t.description ?? undefined}
          actions={
            canManage && (
              <>
                <Button variant="outline" onClick={() => setEditing(true)}>
                  <Pencil className="size-4" aria-hidden /> Edit
                </Button>
                <Button variant="outline" onClick={() => setDeleting(true)} aria-label="Delete tool">
                  <Trash2 className="size-4" aria-hidden />
                </Button>
              </>
            )
          }
        />
        <div className="flex flex-wrap gap-2">
          <Badge variant="outline">{CREDENTIAL_LABEL[t.credential.kind]}</Badge>
        </div>
        <Settings tool={t} />
      </div>
      <PoliciesSection project={project} tool={t} initial={initialPolicies} canManage={canManage} />
      {canTest && <TestCallPanel project={project} tool={t} />}
      {editing && <ToolDialog project={project} tool={t} open onOpenChange={(o) => !o && setEditing(false)} onSaved={() => (refresh(), router.refresh())} />}
      <ConfirmDialog
        open={deleting}
        onOpenChange={setDeleting}
        title={`Delete ${t.name}?`}
        description="Its policies are deleted with it, and agents' calls to its URL answer 404."
        confirmLabel="Delete tool"
        onConfirm={() => remove.mutateAsync(t)}
      />
    </div>
  );
}
