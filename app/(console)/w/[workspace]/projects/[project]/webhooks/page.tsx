import type { Metadata } from "next";
import { PageHeader } from "@/components/console/page-header";
import { ProjectBreadcrumb } from "@/components/console/project-section-nav";
import { WebhooksList } from "@/components/console/webhooks/webhooks-list";
import { Alert } from "@/components/ui/alert";
import { listEndpoints } from "@/lib/webhooks/list-endpoints";
import { loadProject } from "../../../../../_lib/load-project";

export const metadata: Metadata = { title: "Webhooks" };

type Props = { params: Promise<{ workspace: string; project: string }> };

export default async function WebhooksPage({ params }: Props) {
  const { workspace: wsSlug, project: projectSlug } = await params;
  const { workspace, project, can } = await loadProject(wsSlug, projectSlug);
  const canManage = can("webhook.manage", project.role);
  const initial = canManage ? await listEndpoints({ workspace, project }, { limit: 200 }) : { data: [], nextCursor: null };
  return (
    <>
      <ProjectBreadcrumb workspace={workspace.slug} project={project} current="Webhooks" />
      <PageHeader
        title="Webhooks"
        description="Endpoints that receive this project's run, approval and connection events, signed with a secret only you and AgentRuntime know."
      />
      {canManage ? <WebhooksList project={project.slug} initial={initial} /> : <Alert>Only project admins can see and manage this project&apos;s webhooks.</Alert>}
    </>
  );
}
