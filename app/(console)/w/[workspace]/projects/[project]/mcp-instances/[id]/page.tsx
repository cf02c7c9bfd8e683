import { ChevronRight } from "lucide-react";
import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { InstanceDetail } from "@/components/console/mcp-instances/instance-detail";
import { getConnection } from "@/lib/connections/get-connection";
import { getMcpInstance } from "@/lib/mcp-instances/list-instances";
import { listMcpInstanceTools } from "@/lib/mcp-instances/list-tools";
import { loadProject } from "../../../../../../_lib/load-project";
import { orNotFound } from "../../../../../../_lib/or-not-found";

export const metadata: Metadata = { title: "MCP instance" };

type Props = { params: Promise<{ workspace: string; project: string; id: string }> };

export default async function McpInstancePage({ params }: Props) {
  const { workspace: wsSlug, project: projectSlug, id } = await params;
  const { workspace, project, can } = await loadProject(wsSlug, projectSlug);
  if (!can("mcp_instance.read", project.role)) notFound();
  const scope = { workspace, project };
  const instance = await orNotFound(getMcpInstance(scope, id));
  const [tools, connection] = await Promise.all([
    listMcpInstanceTools(scope, instance.id),
    // A connection deleted since shows by its id; the instance page still renders.
    instance.connectionId && can("connection.read", project.role) ? getConnection(scope, instance.connectionId).catch(() => null) : Promise.resolve(null),
  ]);
  return (
    <>
      <nav aria-label="Breadcrumb" className="mb-2 flex items-center gap-1 text-sm text-muted-foreground">
        <Link href={`/w/${workspace.slug}/projects/${project.slug}`} className="hover:text-foreground">
          {project.name}
        </Link>
        <ChevronRight className="size-3.5" aria-hidden />
        <Link href={`/w/${workspace.slug}/projects/${project.slug}/mcp-instances`} className="hover:text-foreground">
          MCP instances
        </Link>
        <ChevronRight className="size-3.5" aria-hidden />
        <span className="truncate text-foreground">{instance.name}</span>
      </nav>
      <InstanceDetail
        project={project.slug}
        initialInstance={instance}
        initialTools={tools.data}
        connectionName={connection?.name ?? null}
        canManage={can("mcp_instance.manage", project.role)}
        canCall={can("mcp_tool.call", project.role)}
      />
    </>
  );
}
