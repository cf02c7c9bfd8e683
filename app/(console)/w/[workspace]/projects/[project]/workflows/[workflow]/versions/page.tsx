import type { Metadata } from "next";
import { VersionsTable } from "@/components/console/workflows/versions-table";
import { WorkflowHeader } from "@/components/console/workflows/workflow-header";
import { memberNames } from "@/lib/members/member-names";
import { listVersions } from "@/lib/workflows/read-workflow";
import { loadWorkflow, type WorkflowPageProps } from "../_lib/load-workflow";

export async function generateMetadata({ params }: WorkflowPageProps): Promise<Metadata> {
  const { workspace, project, workflow } = await params;
  const { workflow: wf } = await loadWorkflow(workspace, project, workflow);
  return { title: `Versions · ${wf.name}` };
}

export default async function WorkflowVersionsPage({ params }: WorkflowPageProps) {
  const { workspace: wsSlug, project: projectSlug, workflow: ref } = await params;
  const { workspace, project, workflow } = await loadWorkflow(wsSlug, projectSlug, ref);
  const versions = await listVersions({ workspace, project }, workflow.id, { limit: 200 });
  // Publishers are members of this workspace; their names make the history readable.
  const ids = [...new Set(versions.data.flatMap((v) => (v.publishedById ? [v.publishedById] : [])))];
  const publishers = await memberNames({ workspace }, ids);
  return (
    <>
      <WorkflowHeader workspace={workspace.slug} project={project} workflow={workflow} current="versions" />
      <VersionsTable base={`/w/${workspace.slug}/projects/${project.slug}/workflows/${workflow.slug}`} versions={versions.data} publishers={publishers} />
      {versions.nextCursor && <p className="mt-2 text-xs text-muted-foreground">Showing the 200 newest versions; older ones are available through the API.</p>}
    </>
  );
}
