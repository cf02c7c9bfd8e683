import { routeOf } from "@/lib/operations/route";
import { workflows } from "@/lib/operations/workflows";

// GET /v1/workflows/{id} — one workflow (wf_ id or slug) with its draft and the draft's issues
export const GET = routeOf(workflows.getWorkflow);

// PATCH /v1/workflows/{id} — rename, describe or save the draft (409 when draftRevision is stale)
export const PATCH = routeOf(workflows.updateWorkflow);

// DELETE /v1/workflows/{id} — delete the workflow, its versions and finished runs (409 while runs are active)
export const DELETE = routeOf(workflows.deleteWorkflow);
