import { ChevronRight } from "lucide-react";
import type { Metadata } from "next";
import Link from "next/link";
import { PageHeader } from "@/components/console/page-header";
import { ProjectGeneral } from "@/components/console/projects/project-general";
import { ProjectMembers } from "@/components/console/projects/project-members";
import { ModelSettings } from "@/components/console/providers/model-settings";
import { Badge } from "@/components/ui/badge";
import { ROLE_LABELS } from "@/lib/client/format";
import { listMembers } from "@/lib/members/list-members";
import { listProjectMembers } from "@/lib/projects/project-members";
import { loadProject } from "../../../../_lib/load-project";

type Props = { params: Promise<{ workspace: string; project: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { project } = await params;
  return { title: project };
}

export default async function ProjectPage({ params }: Props) {
  const { workspace: wsSlug, project: projectSlug } = await params;
  const { workspace, project } = await loadProject(wsSlug, projectSlug);
  const [projectMembers, workspaceMembers] = await Promise.all([listProjectMembers(project.id, { limit: 200 }), listMembers(workspace.id, { limit: 200 })]);
  return (
    <>
      <nav aria-label="Breadcrumb" className="mb-2 flex items-center gap-1 text-sm text-muted-foreground">
        <Link href={`/w/${workspace.slug}/projects`} className="hover:text-foreground">
          Projects
        </Link>
        <ChevronRight className="size-3.5" aria-hidden />
        <span className="text-foreground">{project.name}</span>
      </nav>
      <PageHeader
        title={
          <span className="flex items-center gap-2">
            {project.name}
            {project.isDefault && <Badge variant="secondary">Default</Badge>}
          </span>
        }
        description={
          <span className="flex flex-wrap items-center gap-2">
            <code className="font-mono text-xs">X-Project-Id: {project.slug}</code>
            <span aria-hidden>·</span>
            <span>Your role: {ROLE_LABELS[project.role]}</span>
          </span>
        }
      />
      <div className="grid gap-8">
        <ProjectMembers project={project} initialMembers={projectMembers} workspaceMembers={workspaceMembers.data} />
        <ModelSettings project={project} />
        <ProjectGeneral key={project.name} project={project} />
      </div>
    </>
  );
}
