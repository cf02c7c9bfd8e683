import { ChevronRight } from "lucide-react";
import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { PageHeader } from "@/components/console/page-header";
import { WorkflowsList } from "@/components/console/workflows/workflows-list";
import { listVisibleProjects, viewerOf } from "@/lib/projects/list-visible";
import { cn } from "@/lib/utils";
import { listWorkflows } from "@/lib/workflows/list-workflows";
import { loadProject } from "../../../../../_lib/load-project";

export const metadata: Metadata = { title: "Workflows" };

type Props = { params: Promise<{ workspace: string; project: string }> };

export default async function WorkflowsPage({ params }: Props) {
  const { workspace: wsSlug, project: projectSlug } = await params;
  const { workspace, project, can, scope } = await loadProject(wsSlug, projectSlug);
  if (!can("workflow.read", project.role)) notFound();
  const [initial, projects] = await Promise.all([
    listWorkflows({ workspaceId: workspace.id, projectId: project.id }, { limit: 200 }),
    listVisibleProjects(viewerOf(scope), { limit: 200 }),
  ]);
  return (
    <>
      <nav aria-label="Breadcrumb" className="mb-2 flex items-center gap-1 text-sm text-muted-foreground">
        <Link href={`/w/${workspace.slug}/projects/${project.slug}`} className="hover:text-foreground">
          {project.name}
        </Link>
        <ChevronRight className="size-3.5" aria-hidden />
        <span className="text-foreground">Workflows</span>
      </nav>
      <PageHeader title="Workflows" description="Graphs of LLM calls, API requests, conditions and approvals. Edit the draft, publish numbered versions, run them." />
      {projects.data.length > 1 && (
        <nav aria-label="Project" className="mb-4 flex flex-wrap gap-1">
          {projects.data.map((p) => (
            <Link
              key={p.id}
              href={`/w/${workspace.slug}/projects/${p.slug}/workflows`}
              aria-current={p.id === project.id ? "page" : undefined}
              className={cn("rounded-md px-2.5 py-1 text-sm", p.id === project.id ? "bg-muted font-medium text-foreground" : "text-muted-foreground hover:text-foreground")}
            >
              {p.name}
            </Link>
          ))}
        </nav>
      )}
      <WorkflowsList project={project.slug} initial={initial} canCreate={can("workflow.write", project.role)} />
    </>
  );
}
