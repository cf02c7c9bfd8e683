"use client";
import { Check, FolderKanban, Plus } from "lucide-react";
import Link from "next/link";
import { useState } from "react";
import { Dialog, DialogContent } from "@/components/ui/dialog";
import { DropdownMenu, DropdownMenuContent, DropdownMenuItem, DropdownMenuLabel, DropdownMenuSeparator } from "@/components/ui/dropdown-menu";
import { ROLE_LABELS } from "@/lib/client/format";
import { useCan, useConsole } from "./console-context";
import { CreateProjectForm } from "./create-project-form";
import { DialogHeading } from "./dialog-form";
import { CreateWorkspaceForm } from "./create-workspace-form";
import { SidebarMenuTrigger } from "./sidebar-menu-trigger";
import { WorkspaceAvatar } from "./workspace-avatar";

export function WorkspaceSwitcher() {
  const { workspace, workspaces, projects } = useConsole();
  const can = useCan();
  const [dialog, setDialog] = useState<"workspace" | "project" | null>(null);

  return (
    <>
      <DropdownMenu>
        <SidebarMenuTrigger
          label={`Workspace: ${workspace.name}. Switch workspace or project`}
          avatar={<WorkspaceAvatar name={workspace.name} />}
          title={workspace.name}
          titleClassName="font-semibold"
          subtitle={ROLE_LABELS[workspace.role]}
        />
        <DropdownMenuContent align="start" className="w-64">
          <DropdownMenuLabel>Workspaces</DropdownMenuLabel>
          {workspaces.map((w) => (
            <DropdownMenuItem key={w.id} asChild>
              <Link href={`/w/${w.slug}`}>
                <WorkspaceAvatar name={w.name} size="sm" />
                <span className="min-w-0 flex-1 truncate">{w.name}</span>
                {w.id === workspace.id && <Check aria-label="Current workspace" />}
              </Link>
            </DropdownMenuItem>
          ))}
          <DropdownMenuItem onSelect={() => setDialog("workspace")}>
            <Plus />
            Create workspace
          </DropdownMenuItem>
          <DropdownMenuSeparator />
          <DropdownMenuLabel>Projects</DropdownMenuLabel>
          {projects.length === 0 && <p className="px-2 py-1.5 text-xs text-muted-foreground">No projects you can access</p>}
          {projects.slice(0, 8).map((p) => (
            <DropdownMenuItem key={p.id} asChild>
              <Link href={`/w/${workspace.slug}/projects/${p.slug}`}>
                <FolderKanban />
                <span className="min-w-0 flex-1 truncate">{p.name}</span>
              </Link>
            </DropdownMenuItem>
          ))}
          {projects.length > 8 && (
            <DropdownMenuItem asChild>
              <Link href={`/w/${workspace.slug}/projects`}>All projects…</Link>
            </DropdownMenuItem>
          )}
          {can("project.create") && (
            <DropdownMenuItem onSelect={() => setDialog("project")}>
              <Plus />
              Create project
            </DropdownMenuItem>
          )}
        </DropdownMenuContent>
      </DropdownMenu>

      <Dialog open={dialog === "workspace"} onOpenChange={(o) => setDialog(o ? "workspace" : null)}>
        <DialogContent>
          <DialogHeading title="Create a workspace" description="A workspace is a tenant: its own members, projects, tokens and audit log." />
          <CreateWorkspaceForm onCancel={() => setDialog(null)} />
        </DialogContent>
      </Dialog>
      <Dialog open={dialog === "project"} onOpenChange={(o) => setDialog(o ? "project" : null)}>
        <DialogContent>
          <DialogHeading title="Create a project" description="Projects hold workflows, runs, connections and agents." />
          <CreateProjectForm onDone={() => setDialog(null)} onCancel={() => setDialog(null)} />
        </DialogContent>
      </Dialog>
    </>
  );
}
