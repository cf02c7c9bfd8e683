import type { WorkspacePageProps } from "../../../_lib/load-workspace";
import { redirectToProjectPage } from "../../../_lib/project-redirect";

// Webhook endpoints belong to projects: the sidebar entry lands on the first project whose
// webhooks the viewer may manage (the default project first), else the default project's page.
export default async function WebhooksIndex({ params }: WorkspacePageProps) {
  return redirectToProjectPage((await params).workspace, "webhooks", (p, can) => can("webhook.manage", p.role));
}
