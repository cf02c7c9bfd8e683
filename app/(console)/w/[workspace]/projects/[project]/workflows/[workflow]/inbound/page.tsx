import { ChevronRight } from "lucide-react";
import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { sampleBody } from "@/components/console/inbound/curl-example";
import { InboundPanel } from "@/components/console/inbound/inbound-panel";
import { PageHeader } from "@/components/console/page-header";
import { Alert } from "@/components/ui/alert";
import { workflowGraph } from "@/lib/schemas/workflow-graph";
import { listSubscriptions } from "@/lib/inbound/list-subscriptions";
import { getVersionOrThrow, getWorkflowOrThrow } from "@/lib/workflows/get-workflow";
import { triggerOf } from "@/lib/workflows/graph";
import { loadProject } from "../../../../../../../_lib/load-project";
import { orNotFound } from "../../../../../../../_lib/or-not-found";
import { requestOrigin } from "../../../../../../../_lib/origin";

export const metadata: Metadata = { title: "Inbound webhooks" };

type Props = { params: Promise<{ workspace: string; project: string; workflow: string }> };

/** The trigger schema of what deliveries run: the latest published version, else the draft. */
async function inputSchemaOf(workflow: Awaited<ReturnType<typeof getWorkflowOrThrow>>) {
  const raw = workflow.latestVersion > 0 ? (await getVersionOrThrow(workflow, workflow.latestVersion)).graph : workflow.draft;
  const graph = workflowGraph.safeParse(raw);
  return graph.success ? (triggerOf(graph.data)?.config.inputSchema ?? null) : null;
}

export default async function InboundPage({ params }: Props) {
  const { workspace: wsSlug, project: projectSlug, workflow: workflowRef } = await params;
  const { workspace, project, scope, can } = await loadProject(wsSlug, projectSlug);
  if (!can("workflow.read", project.role)) notFound();
  const workflow = await orNotFound(getWorkflowOrThrow(scope, decodeURIComponent(workflowRef)));
  const base = `/w/${workspace.slug}/projects/${project.slug}`;
  const canManage = can("webhook.manage", project.role);
  const initial = canManage ? await listSubscriptions({ workspace, project, origin: await requestOrigin() }, workflow.id, { limit: 200 }) : null;
  return (
    <>
      <nav aria-label="Breadcrumb" className="mb-2 flex items-center gap-1 text-sm text-muted-foreground">
        <Link href={base} className="hover:text-foreground">
          {project.name}
        </Link>
        <ChevronRight className="size-3.5" aria-hidden />
        <Link href={`${base}/workflows/${workflow.slug}`} className="hover:text-foreground">
          {workflow.name}
        </Link>
        <ChevronRight className="size-3.5" aria-hidden />
        <span className="text-foreground">Inbound webhooks</span>
      </nav>
      <PageHeader
        title="Inbound webhooks"
        description={`External systems start ${workflow.name} by POSTing signed JSON. Each subscription has its own URL, signing secret and token; the JSON body becomes the run input.`}
      />
      {initial ? (
        <InboundPanel
          ctx={{ project: project.slug, workflowId: workflow.id, base, sampleBody: sampleBody(await inputSchemaOf(workflow)) }}
          workflowName={workflow.name}
          initial={initial}
          published={workflow.latestVersion > 0}
        />
      ) : (
        <Alert>Only project admins can see and manage inbound webhooks.</Alert>
      )}
    </>
  );
}
