import "server-only";
import { notFound } from "next/navigation";
import { cache } from "react";
import { ApiError } from "@/lib/core/errors";
import { readWorkflow } from "@/lib/workflows/read-workflow";
import { loadProject } from "../../../../../../../_lib/load-project";

export type WorkflowPageProps = { params: Promise<{ workspace: string; project: string; workflow: string }> };

/** The project, the viewer's rights and the workflow (with its draft's issues); 404 as in the API. */
export const loadWorkflow = cache(async (wsSlug: string, projectSlug: string, workflowRef: string) => {
  const ctx = await loadProject(wsSlug, projectSlug);
  if (!ctx.can("workflow.read", ctx.project.role)) notFound();
  try {
    const workflow = await readWorkflow({ workspace: ctx.workspace, project: ctx.project }, decodeURIComponent(workflowRef));
    return { ...ctx, workflow };
  } catch (err) {
    if (err instanceof ApiError && err.code === "not_found") notFound();
    throw err;
  }
});
