import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { ApprovalsInbox } from "@/components/console/approvals/approvals-inbox";
import { PageHeader } from "@/components/console/page-header";
import { ProjectBreadcrumb } from "@/components/console/project-section-nav";
import { ProjectTabs } from "@/components/console/runs/project-tabs";
import { listVisibleProjects, viewerOf } from "@/lib/projects/list-visible";
import { loadProject } from "../../../../../_lib/load-project";

export const metadata: Metadata = { title: "Approvals" };

type Props = { params: Promise<{ workspace: string; project: string }> };

export default async function ApprovalsPage({ params }: Props) {
  const { workspace: wsSlug, project: projectSlug } = await params;
  const { workspace, project, can, scope } = await loadProject(wsSlug, projectSlug);
  if (!can("run.read", project.role)) notFound();
  const projects = await listVisibleProjects(viewerOf(scope), { limit: 200 });
  const base = `/w/${workspace.slug}/projects/${project.slug}`;
  return (
    <>
      <ProjectBreadcrumb workspace={workspace.slug} project={project} current="Approvals" />
      <PageHeader title="Approvals" description="Decisions waiting on you: runs paused at an approval step (approving resumes the run; rejecting ends it as failed), and agents' tool calls that need approval (approving grants that exact call; rejecting keeps it refused)." />
      <ProjectTabs base={base} current="approvals" projects={projects.data} workspace={workspace.slug} />
      <ApprovalsInbox project={project.slug} runsBase={`${base}/runs`} canDecide={can("approval.decide", project.role)} />
    </>
  );
}
