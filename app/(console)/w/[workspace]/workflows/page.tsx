import { notFound, redirect } from "next/navigation";
import { listVisibleProjects, viewerOf } from "@/lib/projects/list-visible";
import { loadWorkspace, type WorkspacePageProps } from "../../../_lib/load-workspace";

// Workflows belong to projects: the sidebar entry lands on the default project's (or the
// first visible one's) workflows, where the project switcher moves between them.
export default async function WorkflowsIndex({ params }: WorkspacePageProps) {
  const { workspace: slug } = await params;
  const { workspace, scope } = await loadWorkspace(slug);
  const projects = await listVisibleProjects(viewerOf(scope), { limit: 200 });
  const target = projects.data.find((p) => p.isDefault) ?? projects.data[0];
  if (!target) notFound();
  redirect(`/w/${workspace.slug}/projects/${target.slug}/workflows`);
}
