import { ChevronRight } from "lucide-react";
import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { PageHeader } from "@/components/console/page-header";
import { RunView } from "@/components/console/runs/run-view";
import { getRunOrThrow } from "@/lib/runs/find-run";
import { orNotFound } from "../../../../../../_lib/or-not-found";
import { loadProject } from "../../../../../../_lib/load-project";

type Props = { params: Promise<{ workspace: string; project: string; run: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { run } = await params;
  return { title: `Run ${run}` };
}

export default async function RunPage({ params }: Props) {
  const { workspace: wsSlug, project: projectSlug, run: runId } = await params;
  const { workspace, project, scope, can } = await loadProject(wsSlug, projectSlug);
  if (!can("run.read", project.role)) notFound();
  // Tenancy in the query: another project's run is simply not found. A malformed id names
  // nothing (and a NUL byte would fail in PostgreSQL).
  if (!/^run_[0-9a-z]{1,40}$/.test(runId)) notFound();
  const run = await orNotFound(getRunOrThrow(scope, runId, { id: true }));
  const base = `/w/${workspace.slug}/projects/${project.slug}`;
  return (
    <>
      <nav aria-label="Breadcrumb" className="mb-2 flex items-center gap-1 text-sm text-muted-foreground">
        <Link href={base} className="hover:text-foreground">
          {project.name}
        </Link>
        <ChevronRight className="size-3.5" aria-hidden />
        <Link href={`${base}/runs`} className="hover:text-foreground">
          Command Center
        </Link>
        <ChevronRight className="size-3.5" aria-hidden />
        <span className="font-mono text-xs text-foreground">{run.id}</span>
      </nav>
      <PageHeader title="Run" description="Every step with its input, output, retries, tokens, cost and latency, live while the run executes." />
      <RunView runId={run.id} project={project.slug} runsBase={`${base}/runs`} canStart={can("run.start", project.role)} />
    </>
  );
}
