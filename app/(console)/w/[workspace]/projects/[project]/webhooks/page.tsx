import type { Metadata } from "next";
import { PageHeader } from "@/components/console/page-header";
import { ProjectBreadcrumb, ProjectSwitcher } from "@/components/console/project-section-nav";
import { WebhooksList } from "@/components/console/webhooks/webhooks-list";
import { Alert } from "@/components/ui/alert";
import { listVisibleProjects, viewerOf } from "@/lib/projects/list-visible";
import { listEndpoints } from "@/lib/webhooks/list-endpoints";
import { loadProject } from "../../../../../_lib/load-project";

export const metadata: Metadata = { title: "Webhooks" };

type Props = { params: Promise<{ workspace: string; project: string }> };

export default async function WebhooksPage({ params }: Props) {
  const { workspace: wsSlug, project: projectSlug } = await params;
  const { workspace, project, can, scope } = await loadProject(wsSlug, projectSlug);
  const canManage = can("webhook.manage", project.role);
  const [initial, projects] = await Promise.all([
    canManage ? listEndpoints({ workspace, project }, { limit: 200 }) : Promise.resolve({ data: [], nextCursor: null }),
    listVisibleProjects(viewerOf(scope), { limit: 200 }),
  ]);
  return (
    <>
      <ProjectBreadcrumb workspace={workspace.slug} project={project} current="Webhooks" />
      <PageHeader
        title="Webhooks"
        description="Endpoints that receive this project's run, approval and connection events, signed with a secret only you and AgentRuntime know."
      />
      <ProjectSwitcher workspace={workspace.slug} projects={projects.data} currentId={project.id} section="webhooks" />
      {canManage ? <WebhooksList project={project.slug} initial={initial} /> : <Alert>Only project admins can see and manage this project&apos;s webhooks.</Alert>}
    </>
  );
}
