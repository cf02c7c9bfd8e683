import { routeOf } from "@/lib/operations/route";
import { workflows } from "@/lib/operations/workflows";

// GET /v1/workflows/{id}/versions/{n} — one published version with its graph
export const GET = routeOf(workflows.getWorkflowVersion);
