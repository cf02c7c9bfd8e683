import { ChevronRight } from "lucide-react";
import type { Metadata } from "next";
import Link from "next/link";
import { PageHeader } from "@/components/console/page-header";
import { WebhooksList } from "@/components/console/webhooks/webhooks-list";
import { Alert } from "@/components/ui/alert";
import { listVisibleProjects, viewerOf } from "@/lib/projects/list-visible";
import { cn } from "@/lib/utils";
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
      <nav aria-label="Breadcrumb" className="mb-2 flex items-center gap-1 text-sm text-muted-foreground">
        <Link href={`/w/${workspace.slug}/projects/${project.slug}`} className="hover:text-foreground">
          {project.name}
        </Link>
        <ChevronRight className="size-3.5" aria-hidden />
        <span className="text-foreground">Webhooks</span>
      </nav>
      <PageHeader
        title="Webhooks"
        description="Endpoints that receive this project's run, approval and connection events, signed with a secret only you and AgentRuntime know."
      />
      {projects.data.length > 1 && (
        <nav aria-label="Project" className="mb-4 flex flex-wrap gap-1">
          {projects.data.map((p) => (
            <Link
              key={p.id}
              href={`/w/${workspace.slug}/projects/${p.slug}/webhooks`}
              aria-current={p.id === project.id ? "page" : undefined}
              className={cn("rounded-md px-2.5 py-1 text-sm", p.id === project.id ? "bg-muted font-medium text-foreground" : "text-muted-foreground hover:text-foreground")}
            >
              {p.name}
            </Link>
          ))}
        </nav>
      )}
      {canManage ? <WebhooksList project={project.slug} initial={initial} /> : <Alert>Only project admins can see and manage this project&apos;s webhooks.</Alert>}
    </>
  );
}
