import { routeOf } from "@/lib/operations/route";
import { workflows } from "@/lib/operations/workflows";

// POST /v1/workflows/{id}/publish — publish the draft as a new immutable version (422 with the draft's issues)
export const POST = routeOf(workflows.publishWorkflow);
