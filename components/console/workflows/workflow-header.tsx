import { ChevronRight } from "lucide-react";
import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import { cn } from "@/components/ui/cn";
import { PageHeader } from "../page-header";

type WorkflowSection = "editor" | "versions";

/**
 * Breadcrumb, title and the workflow's sections: its editor and versions here, its runs in the
 * Command Center and its inbound webhooks on their own page.
 */
export function WorkflowHeader({ workspace, project, workflow, current, trail }: {
  workspace: string;
  project: { slug: string; name: string };
  workflow: { id: string; slug: string; name: string; description: string | null; latestVersion: number };
  current: WorkflowSection;
  /** Extra breadcrumb after the workflow (e.g. "Version 3"). */
  trail?: string;
}) {
  const projectBase = `/w/${workspace}/projects/${project.slug}`;
  const base = `${projectBase}/workflows/${workflow.slug}`;
  const tabs = [
    { key: "editor", label: "Editor", href: base },
    { key: "versions", label: "Versions", href: `${base}/versions` },
    { key: "runs", label: "Runs", href: `${projectBase}/runs?workflow=${encodeURIComponent(workflow.id)}` },
    { key: "inbound", label: "Inbound", href: `${base}/inbound` },
  ];
  return (
    <>
      <nav aria-label="Breadcrumb" className="mb-2 flex flex-wrap items-center gap-1 text-sm text-muted-foreground">
        <Link href={projectBase} className="hover:text-foreground">
          {project.name}
        </Link>
        <ChevronRight className="size-3.5" aria-hidden />
        <Link href={`${projectBase}/workflows`} className="hover:text-foreground">
          Workflows
        </Link>
        <ChevronRight className="size-3.5" aria-hidden />
        {trail ? (
          <>
            <Link href={base} className="hover:text-foreground">
              {workflow.name}
            </Link>
            <ChevronRight className="size-3.5" aria-hidden />
            <span className="text-foreground">{trail}</span>
          </>
        ) : (
          <span className="text-foreground">{workflow.name}</span>
        )}
      </nav>
      <PageHeader
        className="mb-3"
        title={
          <span className="flex flex-wrap items-center gap-2">
            {workflow.name}
            {workflow.latestVersion > 0 ? <Badge variant="secondary">Latest: v{workflow.latestVersion}</Badge> : <Badge variant="outline">Not published</Badge>}
          </span>
        }
        description={workflow.description ?? undefined}
      />
      <nav aria-label="Workflow" className="mb-4 flex gap-1 border-b pb-2">
        {tabs.map((t) => (
          <Link
            key={t.key}
            href={t.href}
            aria-current={t.key === current ? "page" : undefined}
            className={cn("rounded-md px-2.5 py-1 text-sm", t.key === current ? "bg-muted font-medium text-foreground" : "text-muted-foreground hover:text-foreground")}
          >
            {t.label}
          </Link>
        ))}
      </nav>
    </>
  );
}
