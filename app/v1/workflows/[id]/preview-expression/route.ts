import { routeOf } from "@/lib/operations/route";
import { workflows } from "@/lib/operations/workflows";

// POST /v1/workflows/{id}/preview-expression — evaluate an expression or template against a run's data (the editor's preview)
export const POST = routeOf(workflows.previewExpression);
