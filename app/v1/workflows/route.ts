import { json, withProject } from "@/lib/api/with-auth";
import { parseJson, parseQuery } from "@/lib/api/body";
import { createWorkflow } from "@/lib/workflows/create-workflow";
import { listWorkflows } from "@/lib/workflows/list-workflows";
import { scopeIds } from "@/lib/workflows/present";
import { createWorkflowBody, listWorkflowsQuery } from "@/lib/schemas/workflows";

// GET /v1/workflows — the project's workflows, newest first (filter: q)
export const GET = withProject(async (ctx) => listWorkflows(scopeIds(ctx), parseQuery(ctx.req, listWorkflowsQuery)), { action: "workflow.read" });

// POST /v1/workflows — create a workflow with a draft graph (default: trigger → output)
export const POST = withProject(async (ctx) => json(await createWorkflow(ctx, await parseJson(ctx.req, createWorkflowBody)), 201), {
  action: "workflow.write",
});
