import { json, withProject } from "@/lib/api/with-auth";
import { parseJson, parseWith } from "@/lib/api/body";
import { deleteWorkflow } from "@/lib/workflows/delete-workflow";
import { readWorkflow } from "@/lib/workflows/read-workflow";
import { updateWorkflow } from "@/lib/workflows/update-workflow";
import { scopeIds } from "@/lib/workflows/present";
import { updateWorkflowBody, workflowParams } from "@/lib/schemas/workflows";

// GET /v1/workflows/{id} — one workflow (wf_ id or slug) with its draft and the draft's issues
export const GET = withProject(async (ctx) => readWorkflow(scopeIds(ctx), parseWith(workflowParams, ctx.params).id), { action: "workflow.read" });

// PATCH /v1/workflows/{id} — rename, describe or save the draft (409 when draftRevision is stale)
export const PATCH = withProject(
  async (ctx) => {
    const { id } = parseWith(workflowParams, ctx.params);
    return updateWorkflow(ctx, id, await parseJson(ctx.req, updateWorkflowBody));
  },
  { action: "workflow.write" },
);

// DELETE /v1/workflows/{id} — delete the workflow, its versions and finished runs (409 while runs are active)
export const DELETE = withProject(
  async (ctx) => {
    await deleteWorkflow(ctx, parseWith(workflowParams, ctx.params).id);
    return json(null, 204);
  },
  { action: "workflow.write" },
);
