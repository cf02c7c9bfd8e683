import { ChevronRight } from "lucide-react";
import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { ToolDetail } from "@/components/console/tools/tool-detail";
import { getTool } from "@/lib/tools/list-tools";
import { listToolPolicies } from "@/lib/tools/policies/list-policies";
import { loadProject } from "../../../../../../_lib/load-project";
import { orNotFound } from "../../../../../../_lib/or-not-found";

export const metadata: Metadata = { title: "Tool" };

type Props = { params: Promise<{ workspace: string; project: string; id: string }> };

export default async function ToolPage({ params }: Props) {
  const { workspace: wsSlug, project: projectSlug, id } = await params;
  const { workspace, project, can } = await loadProject(wsSlug, projectSlug);
  if (!can("tool.read", project.role)) notFound();
  const scope = { workspace, project };
  const tool = await orNotFound(getTool(scope, id));
  const policies = await listToolPolicies(scope, tool.id);
  return (
    <>
      <nav aria-label="Breadcrumb" className="mb-2 flex items-center gap-1 text-sm text-muted-foreground">
        <Link href={`/w/${workspace.slug}/projects/${project.slug}`} className="hover:text-foreground">
          {project.name}
        </Link>
        <ChevronRight className="size-3.5" aria-hidden />
        <Link href={`/w/${workspace.slug}/projects/${project.slug}/tools`} className="hover:text-foreground">
          Tools
        </Link>
        <ChevronRight className="size-3.5" aria-hidden />
        <span className="truncate text-foreground">{tool.name}</span>
      </nav>
      <ToolDetail project={project.slug} initialTool={tool} initialPolicies={policies} canManage={can("tool.manage", project.role)} canTest={can("tool.test", project.role)} />
    </>
  );
}
