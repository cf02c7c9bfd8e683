import { z } from "zod";
import { draftGraph, NODE_TYPES } from "./workflow-graph";

// GET /v1/workflow-templates: the starter workflows of the templates gallery
// (lib/workflows/starter-templates.ts). Create one with POST /v1/workflows `{ templateId }`.

const templateStep = z.object({ id: z.string(), type: z.enum(NODE_TYPES), name: z.string().nullable() });

export const workflowTemplate = z.object({
  id: z.string().describe("Pass as `templateId` to POST /v1/workflows"),
  name: z.string(),
  description: z.string(),
  needs: z.array(z.string()).describe("What to provide before publishing or running it; empty: it runs as it is"),
  steps: z.array(templateStep).describe("The steps from the trigger on, in graph order"),
  sampleInput: z.record(z.string(), z.unknown()).describe("An input its trigger accepts"),
  graph: draftGraph,
});
export type WorkflowTemplateDto = z.infer<typeof workflowTemplate>;

export const workflowTemplateList = z.object({ data: z.array(workflowTemplate) });
