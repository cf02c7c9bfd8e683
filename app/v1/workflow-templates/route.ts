import { routeOf } from "@/lib/operations/route";
import { workflowTemplates } from "@/lib/operations/workflow-templates";

// GET /v1/workflow-templates — the starter workflows of the templates gallery
export const GET = routeOf(workflowTemplates.listWorkflowTemplates);
