import { ChevronRight } from "lucide-react";
import Link from "next/link";
import { cn } from "@/components/ui/cn";

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

/** Links to the same section of the caller's other projects (hidden with only one). */
export function ProjectSwitcher({ workspace, projects, currentId, section }: { workspace: string; projects: ProjectRef[]; currentId: string; section: string }) {
  if (projects.length <= 1) return null;
  return (
    <nav aria-label="Project" className="mb-4 flex flex-wrap gap-1">
      {projects.map((p) => (
        <Link
          key={p.id}
          href={`/w/${workspace}/projects/${p.slug}/${section}`}
          aria-current={p.id === currentId ? "page" : undefined}
          className={cn("rounded-md px-2.5 py-1 text-sm", p.id === currentId ? "bg-muted font-medium text-foreground" : "text-muted-foreground hover:text-foreground")}
        >
          {p.name}
        </Link>
      ))}
    </nav>
  );
}
