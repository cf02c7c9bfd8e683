import { json, withProject } from "@/lib/api/with-auth";
import { parseJson, parseWith } from "@/lib/api/body";
import { publishWorkflow } from "@/lib/workflows/publish-workflow";
import { publishWorkflowBody, workflowParams } from "@/lib/schemas/workflows";

// POST /v1/workflows/{id}/publish — publish the draft as a new immutable version (422 with the draft's issues)
export const POST = withProject(
  async (ctx) => {
    const { id } = parseWith(workflowParams, ctx.params);
    return json(await publishWorkflow(ctx, id, await parseJson(ctx.req, publishWorkflowBody)), 201);
  },
  { action: "workflow.publish" },
);
