import { notFound, redirect } from "next/navigation";
import { listVisibleProjects, viewerOf } from "@/lib/projects/list-visible";
import { loadWorkspace } from "../../../_lib/load-workspace";

type Props = { params: Promise<{ workspace: string }>; searchParams: Promise<{ view?: string | string[] }> };

// Runs and approvals belong to projects: the sidebar entries land on the default project's
// (or the first visible one's) Command Center, or its approvals inbox with ?view=approvals.
export default async function CommandCenterIndex({ params, searchParams }: Props) {
  const [{ workspace: slug }, { view }] = await Promise.all([params, searchParams]);
  const { workspace, scope } = await loadWorkspace(slug);
  const projects = await listVisibleProjects(viewerOf(scope), { limit: 200 });
  const target = projects.data.find((p) => p.isDefault) ?? projects.data[0];
  if (!target) notFound();
  redirect(`/w/${workspace.slug}/projects/${target.slug}/${view === "approvals" ? "approvals" : "runs"}`);
}
