import { routeOf } from "@/lib/operations/route";
import { workflows } from "@/lib/operations/workflows";

// GET /v1/workflows/{id}/versions — published versions, highest number first
export const GET = routeOf(workflows.listWorkflowVersions);
