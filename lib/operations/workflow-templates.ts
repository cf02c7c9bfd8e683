import { workflowTemplateList } from "@/lib/schemas/workflow-templates";
import { listStarterTemplates } from "@/lib/workflows/list-starter-templates";
import { defineResource } from "./define";

export const workflowTemplates = defineResource({ tags: ["Workflows"], auth: "user", components: { WorkflowTemplateList: workflowTemplateList } }, (op) => ({
  listWorkflowTemplates: op({
    route: "GET /v1/workflow-templates",
    summary: "The starter workflows of the templates gallery",
    description: "The same for every caller. Create a workflow from one with `POST /v1/workflows` `{name, templateId}`.",
    responses: { 200: { description: "The templates", schema: (c) => c.WorkflowTemplateList } },
    handler: async () => listStarterTemplates(),
  }),
}));
