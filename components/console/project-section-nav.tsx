import { ChevronRight } from "lucide-react";
import Link from "next/link";

type ProjectRef = { id: string; slug: string; name: string };

/** "Project › Section" above a project-scoped console page. */
export function ProjectBreadcrumb({ workspace, project, current }: { workspace: string; project: ProjectRef; current: string }) {
  return (
    <nav aria-label="Breadcrumb" className="mb-2 flex flex-wrap items-center gap-1 text-sm text-muted-foreground">
      <Link href={`/w/${workspace}/projects/${project.slug}`} className="hover:text-foreground">
        {project.name}
      </Link>
      <ChevronRight className="size-3.5" aria-hidden />
      <span className="text-foreground">{current}</span>
    </nav>
  );
}
