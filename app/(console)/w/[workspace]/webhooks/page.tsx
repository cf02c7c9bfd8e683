import { notFound, redirect } from "next/navigation";
import { listVisibleProjects, viewerOf } from "@/lib/projects/list-visible";
import { loadWorkspace, type WorkspacePageProps } from "../../../_lib/load-workspace";

// Webhook endpoints belong to projects: the sidebar entry lands on the first project whose
// webhooks the viewer may manage (the default project first), else the default project's page.
export default async function WebhooksIndex({ params }: WorkspacePageProps) {
  const { workspace: slug } = await params;
  const { workspace, scope, can } = await loadWorkspace(slug);
  const projects = (await listVisibleProjects(viewerOf(scope), { limit: 200 })).data;
  const ordered = [...projects.filter((p) => p.isDefault), ...projects.filter((p) => !p.isDefault)];
  const target = ordered.find((p) => can("webhook.manage", p.role)) ?? ordered[0];
  if (!target) notFound();
  redirect(`/w/${workspace.slug}/projects/${target.slug}/webhooks`);
}
