import { routeOf } from "@/lib/operations/route";
import { workflows } from "@/lib/operations/workflows";

// GET /v1/workflows — the project's workflows, newest first (filter: q)
export const GET = routeOf(workflows.listWorkflows);

// POST /v1/workflows — create a workflow with a draft graph (default: trigger → output)
export const POST = routeOf(workflows.createWorkflow);
