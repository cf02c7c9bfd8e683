import { ChevronRight } from "lucide-react";
import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { WebhookDetail } from "@/components/console/webhooks/webhook-detail";
import { getEndpointOrThrow } from "@/lib/webhooks/find-endpoint";
import { listDeliveries } from "@/lib/webhooks/list-deliveries";
import { presentEndpoint } from "@/lib/webhooks/present";
import { loadProject } from "../../../../../../_lib/load-project";
import { orNotFound } from "../../../../../../_lib/or-not-found";

export const metadata: Metadata = { title: "Webhook deliveries" };

type Props = { params: Promise<{ workspace: string; project: string; id: string }> };

export default async function WebhookPage({ params }: Props) {
  const { workspace: wsSlug, project: projectSlug, id } = await params;
  const { workspace, project, scope, can } = await loadProject(wsSlug, projectSlug);
  if (!can("webhook.manage", project.role)) notFound();
  const row = await orNotFound(getEndpointOrThrow(scope, id));
  const deliveries = await listDeliveries(scope, row.id, { limit: 50 });
  return (
    <>
      <nav aria-label="Breadcrumb" className="mb-2 flex items-center gap-1 text-sm text-muted-foreground">
        <Link href={`/w/${workspace.slug}/projects/${project.slug}`} className="hover:text-foreground">
          {project.name}
        </Link>
        <ChevronRight className="size-3.5" aria-hidden />
        <Link href={`/w/${workspace.slug}/projects/${project.slug}/webhooks`} className="hover:text-foreground">
          Webhooks
        </Link>
        <ChevronRight className="size-3.5" aria-hidden />
        <span className="truncate text-foreground">{row.url}</span>
      </nav>
      <WebhookDetail project={project.slug} initialEndpoint={presentEndpoint(row)} initialDeliveries={deliveries} />
    </>
  );
}
