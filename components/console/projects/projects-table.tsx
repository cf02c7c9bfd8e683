"use client";
import { useQuery } from "@tanstack/react-query";
import { FolderKanban, Plus } from "lucide-react";
import Link from "next/link";
import { useState } from "react";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent } from "@/components/ui/dialog";
import { EmptyState } from "@/components/ui/empty-state";
import { Table, TableBody, TableCell, TableColumns, TableRow } from "@/components/ui/table";
import { errorMessage } from "@/lib/client/api";
import { ROLE_LABELS, shortDate } from "@/lib/client/format";
import type { ProjectDto } from "@/lib/schemas/projects";
import { PageHeader } from "../page-header";
import { useCan, useConsole, useWorkspaceApi } from "../console-context";
import { CreateProjectForm } from "../create-project-form";
import { DialogHeading } from "../dialog-form";

type ProjectPage = { data: ProjectDto[]; nextCursor: string | null };

export function ProjectsTable({ initial }: { initial: ProjectPage }) {
  const { workspace } = useConsole();
  const can = useCan();
  const call = useWorkspaceApi();
  const [creating, setCreating] = useState(false);
  const projects = useQuery({
    queryKey: ["projects", workspace.slug],
    queryFn: ({ signal }) => call<ProjectPage>("/v1/projects", { query: { limit: 200 }, signal }),
    initialData: initial,
  });
  const canCreate = can("project.create");
  const createButton = canCreate && (
    <Button size="sm" onClick={() => setCreating(true)}>
      <Plus className="size-4" aria-hidden /> New project
    </Button>
  );

  return (
    <>
      <PageHeader title="Projects" description="Projects hold workflows, runs, connections and agents. Owners and admins can access every project." actions={createButton} />
      {projects.isError && <Alert variant="destructive" className="mb-4">{errorMessage(projects.error)}</Alert>}
      {projects.data.data.length === 0 ? (
        <EmptyState
          icon={FolderKanban}
          title="No projects"
          description={canCreate ? "Create a project to start building workflows." : "Ask an admin to add you to a project."}
          action={createButton}
        />
      ) : (
        <Table aria-label="Projects">
          <TableColumns columns={["Name", "Slug", "Your role", { label: "Created", className: "text-right" }]} />
          <TableBody>
            {projects.data.data.map((p) => (
              <TableRow key={p.id} className="relative">
                <TableCell>
                  <Link href={`/w/${workspace.slug}/projects/${p.slug}`} className="font-medium after:absolute after:inset-0 hover:underline">
                    {p.name}
                  </Link>
                  {p.isDefault && (
                    <Badge variant="secondary" className="ml-2">
                      Default
                    </Badge>
                  )}
                </TableCell>
                <TableCell>
                  <code className="font-mono text-xs text-muted-foreground">{p.slug}</code>
                </TableCell>
                <TableCell className="text-muted-foreground">{ROLE_LABELS[p.role]}</TableCell>
                <TableCell className="text-right text-xs text-muted-foreground">{shortDate(p.createdAt)}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
      <Dialog open={creating} onOpenChange={setCreating}>
        <DialogContent>
          <DialogHeading title="Create a project" description="Projects hold workflows, runs, connections and agents." />
          <CreateProjectForm onDone={() => setCreating(false)} onCancel={() => setCreating(false)} />
        </DialogContent>
      </Dialog>
    </>
  );
}
