import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { VersionViewer } from "@/components/console/workflows/version-viewer";
import { WorkflowHeader } from "@/components/console/workflows/workflow-header";
import { ApiError } from "@/lib/core/errors";
import { readVersion } from "@/lib/workflows/read-workflow";
import { loadWorkflow } from "../../_lib/load-workflow";

type Props = { params: Promise<{ workspace: string; project: string; workflow: string; version: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { version } = await params;
  return { title: `Version ${version}` };
}

export default async function WorkflowVersionPage({ params }: Props) {
  const { workspace: wsSlug, project: projectSlug, workflow: ref, version: n } = await params;
  const { workspace, project, can, workflow } = await loadWorkflow(wsSlug, projectSlug, ref);
  let version;
  try {
    version = await readVersion({ workspace, project }, workflow.id, n);
  } catch (err) {
    if (err instanceof ApiError && err.code === "not_found") notFound();
    throw err;
  }
  return (
    <>
      <WorkflowHeader workspace={workspace.slug} project={project} workflow={workflow} current="versions" trail={`Version ${version.number}`} />
      {version.note && <p className="mb-3 text-sm text-muted-foreground">{version.note}</p>}
      <VersionViewer project={project.slug} workflowId={workflow.id} version={version} canRun={can("run.start", project.role)} />
    </>
  );
}
