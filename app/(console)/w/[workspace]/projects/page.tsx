import type { Metadata } from "next";
import { ProjectsTable } from "@/components/console/projects/projects-table";
import { listVisibleProjects, viewerOf } from "@/lib/projects/list-visible";
import { loadWorkspace, type WorkspacePageProps } from "../../../_lib/load-workspace";

export const metadata: Metadata = { title: "Projects" };

export default async function ProjectsPage({ params }: WorkspacePageProps) {
  const { workspace } = await params;
  const { scope } = await loadWorkspace(workspace);
  const projects = await listVisibleProjects(viewerOf(scope), { limit: 200 });
  return <ProjectsTable initial={projects} />;
}
