import { workflowGraph } from "@/lib/schemas/workflow-graph";
import {
  createWorkflowBody,
  listVersionsQuery,
  listWorkflowsQuery,
  publishWorkflowBody,
  updateWorkflowBody,
  versionParams,
  workflowPage,
  workflowParams,
  workflowResponse,
  workflowVersionPage,
  workflowVersionResponse,
} from "@/lib/schemas/workflows";
import { previewExpressionBody, previewExpressionResponse } from "@/lib/schemas/expression-preview";
import { previewExpression } from "@/lib/workflows/preview-expression";
import { createWorkflow as create } from "@/lib/workflows/create-workflow";
import { deleteWorkflow as remove } from "@/lib/workflows/delete-workflow";
import { listWorkflows as listWorkflowsOf, listWorkflowsStatement } from "@/lib/workflows/list-workflows";
import { publishWorkflow as publish } from "@/lib/workflows/publish-workflow";
import { listVersions, readVersion, readWorkflow } from "@/lib/workflows/read-workflow";
import { updateWorkflow as update } from "@/lib/workflows/update-workflow";
import { z } from "zod";
import type { TenantRef } from "@/lib/core/scope";
import { defineResource } from "./define";

const READ = { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false };

/** workflows_get: the workflow, and the input its runs take (the latest version's trigger, else the draft's). */
const workflowWithInput = workflowResponse.extend({
  inputSchema: z.record(z.string(), z.unknown()).nullable().describe("The trigger's input JSON Schema: what runs_start's `input` must match"),
  inputSchemaFrom: z.enum(["version", "draft"]).describe("`version`: the latest published version's trigger; `draft`: never published"),
});

async function readWorkflowWithInput(scope: TenantRef, idOrSlug: string) {
  const workflow = await readWorkflow(scope, idOrSlug);
  const graph = workflow.latestVersion > 0 ? (await readVersion(scope, workflow.id, workflow.latestVersion)).graph : workflow.draft;
  const trigger = graph.nodes.find((n) => n.type === "trigger");
  const inputSchema = ((trigger?.config as { inputSchema?: Record<string, unknown> } | undefined)?.inputSchema) ?? null;
  return { ...workflow, inputSchema, inputSchemaFrom: workflow.latestVersion > 0 ? ("version" as const) : ("draft" as const) };
}

export const workflows = defineResource({ tags: ["Workflows"], auth: "project", components: { WorkflowGraph: workflowGraph, Workflow: workflowResponse, WorkflowVersion: workflowVersionResponse } }, (op) => ({
  listWorkflows: op({
    route: "GET /v1/workflows",
    summary: "List the project's workflows",
    description: "Newest first, without drafts. `q` matches the name or the slug.",
    action: "workflow.read",
    query: listWorkflowsQuery,
    responses: { 200: { description: "A page of workflows", schema: workflowPage } },
    // The API reads the page in its access statement (one round trip); MCP runs it on its own.
    underAccess: ({ query }) => listWorkflowsStatement(query),
    handler: async (ctx, { query }) => listWorkflowsOf(ctx, query),
    mcp: { name: "workflows_list", annotations: READ },
  }),

  createWorkflow: op({
    route: "POST /v1/workflows",
    summary: "Create a workflow",
    description:
      "The draft is the given graph, or a trigger connected to an output. A draft is saved even when it has issues (cycles, unknown references, invalid expressions…); they are returned in `issues` and must be fixed before publishing. Without `slug`, one is derived from the name.",
    action: "workflow.write",
    body: createWorkflowBody,
    errors: [409],
    responses: { 201: { description: "The workflow with its draft and issues", schema: (c) => c.Workflow } },
    handler: async (ctx, { body }) => create(ctx, body),
  }),

  getWorkflow: op({
    route: "GET /v1/workflows/{id}",
    summary: "Get a workflow",
    description: "`{id}` is the `wf_` id or the slug. `issues` is computed now, so a connection deleted since the last save shows up.",
    action: "workflow.read",
    params: workflowParams,
    responses: { 200: { description: "The workflow with its draft and issues", schema: (c) => c.Workflow } },
    handler: async (ctx, { params }) => readWorkflow(ctx, params.id),
    mcp: {
      name: "workflows_get",
      description: "Get a workflow by `id` (its `wf_` id or slug) with its draft, issues and the input JSON Schema its runs take.",
      annotations: READ,
      output: workflowWithInput,
      call: async (ctx, { params }) => readWorkflowWithInput(ctx, params.id),
    },
  }),

  updateWorkflow: op({
    route: "PATCH /v1/workflows/{id}",
    summary: "Update a workflow or save its draft",
    description:
      "Every graph save increments `draftRevision`. Send the `draftRevision` the edit started from: when another save came in between, the answer is 409 and nothing changes.",
    action: "workflow.write",
    params: workflowParams,
    body: updateWorkflowBody,
    errors: [409],
    responses: { 200: { description: "The workflow with its draft and issues", schema: (c) => c.Workflow } },
    handler: async (ctx, { params, body }) => update(ctx, params.id, body),
  }),

  deleteWorkflow: op({
    route: "DELETE /v1/workflows/{id}",
    summary: "Delete a workflow",
    description: "Deletes its versions and runs too. Refused (409) while a run is queued, running or waiting for approval. Usage and ledger entries are kept.",
    action: "workflow.write",
    params: workflowParams,
    errors: [409],
    responses: { 204: { description: "Deleted" } },
    handler: async (ctx, { params }) => remove(ctx, params.id),
  }),

  publishWorkflow: op({
    route: "POST /v1/workflows/{id}/publish",
    summary: "Publish the draft as a new version",
    description:
      "Versions are numbered 1, 2, … and immutable. A draft with issues is refused with 422 `invalid_request`; `details` has one entry per issue (`path` names the node or edge, the message starts with the issue code in brackets).",
    action: "workflow.publish",
    params: workflowParams,
    body: publishWorkflowBody,
    responses: { 201: { description: "The new version", schema: (c) => c.WorkflowVersion } },
    handler: async (ctx, { params, body }) => publish(ctx, params.id, body),
    mcp: { name: "workflows_publish", annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: false } },
  }),

  previewExpression: op({
    route: "POST /v1/workflows/{id}/preview-expression",
    summary: "Evaluate an expression or template for the editor's preview",
    description:
      "Evaluates with the engine's evaluator and limits against a run of this workflow (`runId`: its input and the outputs of its succeeded steps) or a given `input`. An expression that fails to parse or evaluate is still a 200, with `ok: false` and the `error`.",
    action: "workflow.write",
    params: workflowParams,
    body: previewExpressionBody,
    responses: { 200: { description: "The value, or the evaluation error", schema: previewExpressionResponse } },
    handler: async (ctx, { params, body }) => previewExpression(ctx, params.id, body),
  }),

  listWorkflowVersions: op({
    route: "GET /v1/workflows/{id}/versions",
    summary: "List a workflow's published versions",
    description: "Highest number first, without graphs.",
    action: "workflow.read",
    params: workflowParams,
    query: listVersionsQuery,
    responses: { 200: { description: "A page of versions", schema: workflowVersionPage } },
    handler: async (ctx, { params, query }) => listVersions(ctx, params.id, query),
  }),

  getWorkflowVersion: op({
    route: "GET /v1/workflows/{id}/versions/{n}",
    summary: "Get one published version",
    action: "workflow.read",
    params: versionParams,
    responses: { 200: { description: "The version with its graph", schema: (c) => c.WorkflowVersion } },
    handler: async (ctx, { params }) => readVersion(ctx, params.id, params.n),
  }),
}));
