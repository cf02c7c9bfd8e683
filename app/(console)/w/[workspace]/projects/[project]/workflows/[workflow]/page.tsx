import type { Metadata } from "next";
import { WorkflowEditor } from "@/components/console/workflows/editor/workflow-editor";
import { WorkflowHeader } from "@/components/console/workflows/workflow-header";
import { loadWorkflow, type WorkflowPageProps } from "./_lib/load-workflow";

export async function generateMetadata({ params }: WorkflowPageProps): Promise<Metadata> {
  const { workspace, project, workflow } = await params;
  const { workflow: wf } = await loadWorkflow(workspace, project, workflow);
  return { title: wf.name };
}

export default async function WorkflowEditorPage({ params }: WorkflowPageProps) {
  const { workspace: wsSlug, project: projectSlug, workflow: ref } = await params;
  const { workspace, project, can, workflow } = await loadWorkflow(wsSlug, projectSlug, ref);
  return (
    <>
      <WorkflowHeader workspace={workspace.slug} project={project} workflow={workflow} current="editor" />
      <WorkflowEditor
        project={project.slug}
        initial={workflow}
        perms={{
          canWrite: can("workflow.write", project.role),
          canPublish: can("workflow.publish", project.role),
          canRun: can("run.start", project.role),
        }}
      />
    </>
  );
}
