import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { Suspense } from "react";
import { PageHeader } from "@/components/console/page-header";
import { ProjectBreadcrumb } from "@/components/console/project-section-nav";
import { CommandCenter } from "@/components/console/runs/command-center";
import { ProjectTabs } from "@/components/console/runs/project-tabs";
import { listVisibleProjects, viewerOf } from "@/lib/projects/list-visible";
import { loadProject } from "../../../../../_lib/load-project";

export const metadata: Metadata = { title: "Command Center" };

type Props = { params: Promise<{ workspace: string; project: string }> };

export default async function CommandCenterPage({ params }: Props) {
  const { workspace: wsSlug, project: projectSlug } = await params;
  const { workspace, project, can, scope } = await loadProject(wsSlug, projectSlug);
  if (!can("run.read", project.role)) notFound();
  const projects = await listVisibleProjects(viewerOf(scope), { limit: 200 });
  const base = `/w/${workspace.slug}/projects/${project.slug}`;
  return (
    <>
      <ProjectBreadcrumb workspace={workspace.slug} project={project} current="Command Center" />
      <PageHeader title="Command Center" description="Every run of this project as it happens: status, cost and latency, with the approvals waiting for a decision." />
      <ProjectTabs base={base} current="runs" projects={projects.data} workspace={workspace.slug} />
      <Suspense>
        <CommandCenter project={project.slug} base={`${base}/runs`} />
      </Suspense>
    </>
  );
}
