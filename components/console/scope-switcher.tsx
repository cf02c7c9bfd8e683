"use client";
import * as Popover from "@radix-ui/react-popover";
import { Command } from "cmdk";
import { Check, ChevronsUpDown, FolderKanban, Plus, Search } from "lucide-react";
import { useParams, usePathname, useRouter } from "next/navigation";
import { useState } from "react";
import { Dialog, DialogContent } from "@/components/ui/dialog";
import { ROLE_LABELS } from "@/lib/client/format";
import { useCan, useConsole } from "./console-context";
import { CreateProjectForm } from "./create-project-form";
import { CreateWorkspaceForm } from "./create-workspace-form";
import { DialogHeading } from "./dialog-form";
import { WorkspaceAvatar } from "./workspace-avatar";

// The top bar's one scope switcher: the current workspace and project, always visible, and a
// searchable list of every workspace (told apart by colour, slug and role when names repeat)
// with its projects under it. Choosing a project keeps the page's section (runs stay runs);
// the project is remembered per user on the server when its page opens (lib/projects/last-project.ts).

const itemClass =
  "flex cursor-pointer select-none items-center gap-2 rounded-sm px-2 py-1.5 text-sm outline-none data-[selected=true]:bg-muted [&_svg]:size-4 [&_svg]:shrink-0 [&_svg]:text-muted-foreground";

/** The section of a project page (`/w/x/projects/p/<section>/…`) to keep when switching projects; else its contents. */
function sectionOf(pathname: string): string {
  const m = /^\/w\/[^/]+\/projects\/[^/]+\/([^/?]+)/.exec(pathname);
  return m?.[1] ?? "workflows";
}

/** Every word typed appears in the item's names or slugs (predictable, unlike fuzzy subsequences). */
function matches(value: string, search: string, keywords: string[] = []): number {
  const text = [value, ...keywords].join(" ").toLowerCase();
  return search.toLowerCase().split(/\s+/).every((word) => text.includes(word)) ? 1 : 0;
}

function useCurrentProject() {
  const { projects, lastProjectSlug } = useConsole();
  const params = useParams<{ project?: string }>();
  const slug = params.project ?? lastProjectSlug;
  return projects.find((p) => p.slug === slug) ?? projects.find((p) => p.isDefault) ?? projects[0] ?? null;
}

export function ScopeSwitcher() {
  const { workspace, workspaces, projectsByWorkspace = {} } = useConsole();
  const can = useCan();
  const router = useRouter();
  const pathname = usePathname();
  const current = useCurrentProject();
  const [open, setOpen] = useState(false);
  const [dialog, setDialog] = useState<"workspace" | "project" | null>(null);
  const go = (href: string) => {
    setOpen(false);
    router.push(href);
  };
  // The current workspace first, then the others as listed (newest first).
  const ordered = [workspace, ...workspaces.filter((w) => w.id !== workspace.id)];
  const section = sectionOf(pathname);

  return (
    <>
      <Popover.Root open={open} onOpenChange={setOpen}>
        <Popover.Trigger
          className="flex min-w-0 max-w-full cursor-pointer items-center gap-2 rounded-md px-2 py-1 text-left text-sm outline-none transition-colors hover:bg-muted focus-visible:ring-2 focus-visible:ring-ring data-[state=open]:bg-muted"
          aria-label={`Switch workspace or project. Current: workspace ${workspace.name} (${workspace.slug})${current ? `, project ${current.name}` : ""}`}
          data-testid="scope-switcher"
        >
          <WorkspaceAvatar name={workspace.name} seed={workspace.slug} size="sm" />
          <span className="min-w-0 truncate font-semibold" data-testid="scope-workspace">
            {workspace.name}
          </span>
          {current && (
            <>
              <span aria-hidden className="text-muted-foreground">
                /
              </span>
              <FolderKanban className="size-4 shrink-0 text-muted-foreground" aria-hidden />
              <span className="min-w-0 truncate" data-testid="scope-project">
                {current.name}
              </span>
            </>
          )}
          <ChevronsUpDown className="size-4 shrink-0 text-muted-foreground" aria-hidden />
        </Popover.Trigger>
        <Popover.Portal>
          <Popover.Content align="start" sideOffset={6} className="z-50 w-[min(22rem,calc(100vw-1rem))] rounded-md border bg-card text-sm shadow-lg">
            <Command label="Search workspaces and projects" loop filter={matches}>
              <div className="flex items-center gap-2 border-b px-3">
                <Search className="size-4 shrink-0 text-muted-foreground" aria-hidden />
                <Command.Input placeholder="Find a workspace or project…" className="h-10 w-full bg-transparent text-sm outline-none placeholder:text-muted-foreground" />
              </div>
              <Command.List className="max-h-[min(24rem,60vh)] overflow-y-auto p-1">
                <Command.Empty className="px-2 py-6 text-center text-sm text-muted-foreground">Nothing matches.</Command.Empty>
                {ordered.map((w) => {
                  const projects = projectsByWorkspace[w.id] ?? [];
                  return (
                    <Command.Group
                      key={w.id}
                      heading={`${w.name} · ${w.slug}`}
                      className="[&_[cmdk-group-heading]]:px-2 [&_[cmdk-group-heading]]:pb-1 [&_[cmdk-group-heading]]:pt-2 [&_[cmdk-group-heading]]:text-xs [&_[cmdk-group-heading]]:font-medium [&_[cmdk-group-heading]]:text-muted-foreground"
                    >
                      <Command.Item value={`workspace ${w.slug}`} keywords={[w.name, w.slug]} onSelect={() => go(`/w/${w.slug}`)} className={itemClass} data-testid={`scope-workspace-${w.slug}`}>
                        <WorkspaceAvatar name={w.name} seed={w.slug} size="sm" />
                        <span className="min-w-0 flex-1 truncate">
                          {w.name} <span className="text-xs text-muted-foreground">{w.slug}</span>
                        </span>
                        <span className="text-xs text-muted-foreground">{ROLE_LABELS[w.role]}</span>
                        {w.id === workspace.id && <Check aria-label="Current workspace" />}
                      </Command.Item>
                      {projects.map((p) => {
                        const isCurrent = w.id === workspace.id && p.id === current?.id;
                        return (
                          <Command.Item
                            key={p.id}
                            value={`project ${w.slug} ${p.slug}`}
                            keywords={[p.name, p.slug, w.name, w.slug]}
                            onSelect={() => go(`/w/${w.slug}/projects/${p.slug}/${section}`)}
                            className={`${itemClass} pl-6`}
                            data-testid={`scope-project-${w.slug}-${p.slug}`}
                          >
                            <FolderKanban />
                            <span className="min-w-0 flex-1 truncate">{p.name}</span>
                            {p.isDefault && <span className="text-xs text-muted-foreground">default</span>}
                            {isCurrent && <Check aria-label="Current project" />}
                          </Command.Item>
                        );
                      })}
                    </Command.Group>
                  );
                })}
                {/* No Command.Separator: a separator is not an allowed child of the listbox (axe aria-required-children). */}
                <Command.Group className="mt-1 border-t pt-1">
                  {can("project.create") && (
                    <Command.Item value="create project" onSelect={() => (setOpen(false), setDialog("project"))} className={itemClass}>
                      <Plus />
                      Create project
                    </Command.Item>
                  )}
                  <Command.Item value="create workspace" onSelect={() => (setOpen(false), setDialog("workspace"))} className={itemClass}>
                    <Plus />
                    Create workspace
                  </Command.Item>
                </Command.Group>
              </Command.List>
            </Command>
          </Popover.Content>
        </Popover.Portal>
      </Popover.Root>

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
