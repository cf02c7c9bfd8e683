import { z } from "zod";
import { pageQuery } from "@/lib/core/pagination";
import { page, timestamp } from "./common";
import { draftGraph, graphIssue, workflowGraph } from "./workflow-graph";

// Workflows and their published versions. The graph itself is lib/schemas/workflow-graph.ts.

const workflowSlug = z
  .string()
  .trim()
  .toLowerCase()
  .min(2, "Must be at least 2 characters")
  .max(64, "Must be at most 64 characters")
  // No underscore, so a slug never looks like an id (`wf_…`): both are accepted as {id}.
  .regex(/^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/, "Use lower-case letters, digits and hyphens (not at the start or end)");

/** Path of the first string (or key) holding a lone UTF-16 surrogate, which PostgreSQL jsonb cannot store. */
function loneSurrogatePath(value: unknown): (string | number)[] | null {
  const stack: Array<[unknown, (string | number)[]]> = [[value, []]];
  while (stack.length) {
    const [v, path] = stack.pop()!;
    if (typeof v === "string" && !v.isWellFormed()) return path;
    if (v && typeof v === "object") {
      for (const [k, x] of Object.entries(v)) {
        if (!k.isWellFormed()) return path;
        stack.push([x, [...path, Array.isArray(v) ? Number(k) : k]]);
      }
    }
  }
  return null;
}

// Graphs are stored as jsonb: refuse what it cannot hold as invalid input rather than fail on insert.
const storableGraph = draftGraph.superRefine((g, ctx) => {
  const path = loneSurrogatePath(g);
  if (path) ctx.addIssue({ code: "custom", path, message: "Must be well-formed Unicode (no lone surrogate characters)" });
});

const name = z.string().trim().min(1, "Required").max(100, "Must be at most 100 characters");
const description = z.string().trim().max(2000, "Must be at most 2000 characters");

export const createWorkflowBody = z
  .strictObject({
    name,
    slug: workflowSlug.optional().describe("Default: derived from the name (made unique in the project)"),
    description: description.optional(),
    graph: storableGraph.optional().describe("The draft (saved even when it has issues); default: a trigger connected to an output"),
    templateId: z.string().min(1).max(64).optional().describe("Start from a starter workflow (GET /v1/workflow-templates) instead of `graph`; its description is the default"),
  })
  .refine((b) => !(b.graph && b.templateId), { path: ["templateId"], message: "Give either graph or templateId, not both" });
export type CreateWorkflowBody = z.infer<typeof createWorkflowBody>;

export const updateWorkflowBody = z
  .strictObject({
    name: name.optional(),
    description: description.nullable().optional(),
    graph: storableGraph.optional().describe("Replaces the draft (saved even when it has issues); bumps draftRevision"),
    draftRevision: z.int().min(1).max(2_147_483_647).optional().describe("The revision this edit started from; another one answers 409 (edited elsewhere)"),
  })
  .refine((b) => b.name !== undefined || b.description !== undefined || b.graph !== undefined, "Nothing to change");
export type UpdateWorkflowBody = z.infer<typeof updateWorkflowBody>;

export const publishWorkflowBody = z.strictObject({
  note: z.string().trim().max(1000, "Must be at most 1000 characters").optional(),
});
export type PublishWorkflowBody = z.infer<typeof publishWorkflowBody>;

export const listWorkflowsQuery = pageQuery.extend({
  q: z.string().trim().max(100).optional().describe("Matches name or slug (case-insensitive)"),
});
export type ListWorkflowsQuery = z.infer<typeof listWorkflowsQuery>;

export const listVersionsQuery = pageQuery.extend({
  cursor: z
    .string()
    .regex(/^[1-9][0-9]{0,8}$/, "A version number")
    .optional()
    .describe("The previous page's nextCursor (a version number)"),
});
export type ListVersionsQuery = z.infer<typeof listVersionsQuery>;

export const workflowParams = z.object({ id: z.string().min(1).max(64).describe("wf_ id or slug") });
export const versionParams = workflowParams.extend({
  n: z.string().regex(/^[1-9][0-9]{0,8}$/, "A version number (1, 2, …)").describe("Version number"),
});

const workflowSummary = z.object({
  id: z.string(),
  slug: z.string(),
  name: z.string(),
  description: z.string().nullable(),
  draftRevision: z.int(),
  latestVersion: z.int().describe("Number of the newest published version; 0 = never published"),
  createdById: z.string().nullable(),
  createdAt: timestamp,
  updatedAt: timestamp,
});
export type WorkflowSummaryDto = z.infer<typeof workflowSummary>;

export const workflowResponse = workflowSummary.extend({
  draft: draftGraph.describe("Steps may be unfinished: their field errors are `invalid_config` issues"),
  issues: z.array(graphIssue).describe("What must be fixed before publishing; empty when the draft can be published"),
});
export type WorkflowDto = z.infer<typeof workflowResponse>;

const workflowVersionSummary = z.object({
  id: z.string(),
  workflowId: z.string(),
  number: z.int(),
  note: z.string().nullable(),
  publishedById: z.string().nullable(),
  publishedAt: timestamp,
});
export type WorkflowVersionSummaryDto = z.infer<typeof workflowVersionSummary>;

export const workflowVersionResponse = workflowVersionSummary.extend({ graph: workflowGraph });
export type WorkflowVersionDto = z.infer<typeof workflowVersionResponse>;

export const workflowPage = page(workflowSummary);
export const workflowVersionPage = page(workflowVersionSummary);
