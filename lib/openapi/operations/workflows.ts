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
import { registerOperation, type ApiRegistry } from "../registry";

export function registerWorkflowOperations(r: ApiRegistry): void {
  r.schema("WorkflowGraph", workflowGraph);
  const Workflow = r.schema("Workflow", workflowResponse);
  const Version = r.schema("WorkflowVersion", workflowVersionResponse);
  const tags = ["Workflows"];
  const auth = "project" as const;

  registerOperation(r, {
    method: "get",
    path: "/v1/workflows",
    operationId: "listWorkflows",
    summary: "List the project's workflows",
    description: "Newest first, without drafts. `q` matches the name or the slug.",
    tags,
    auth,
    action: "workflow.read",
    query: listWorkflowsQuery,
    responses: { 200: { description: "A page of workflows", schema: workflowPage } },
  });
  registerOperation(r, {
    method: "post",
    path: "/v1/workflows",
    operationId: "createWorkflow",
    summary: "Create a workflow",
    description:
      "The draft is the given graph, or a trigger connected to an output. A draft is saved even when it has issues (cycles, unknown references, invalid expressions…); they are returned in `issues` and must be fixed before publishing. Without `slug`, one is derived from the name.",
    tags,
    auth,
    action: "workflow.write",
    body: createWorkflowBody,
    errors: [409],
    responses: { 201: { description: "The workflow with its draft and issues", schema: Workflow } },
  });
  registerOperation(r, {
    method: "get",
    path: "/v1/workflows/{id}",
    operationId: "getWorkflow",
    summary: "Get a workflow",
    description: "`{id}` is the `wf_` id or the slug. `issues` is computed now, so a connection deleted since the last save shows up.",
    tags,
    auth,
    action: "workflow.read",
    params: workflowParams,
    responses: { 200: { description: "The workflow with its draft and issues", schema: Workflow } },
  });
  registerOperation(r, {
    method: "patch",
    path: "/v1/workflows/{id}",
    operationId: "updateWorkflow",
    summary: "Update a workflow or save its draft",
    description:
      "Every graph save increments `draftRevision`. Send the `draftRevision` the edit started from: when another save came in between, the answer is 409 and nothing changes.",
    tags,
    auth,
    action: "workflow.write",
    params: workflowParams,
    body: updateWorkflowBody,
    errors: [409],
    responses: { 200: { description: "The workflow with its draft and issues", schema: Workflow } },
  });
  registerOperation(r, {
    method: "delete",
    path: "/v1/workflows/{id}",
    operationId: "deleteWorkflow",
    summary: "Delete a workflow",
    description: "Deletes its versions and runs too. Refused (409) while a run is queued, running or waiting for approval. Usage and ledger entries are kept.",
    tags,
    auth,
    action: "workflow.write",
    params: workflowParams,
    errors: [409],
    responses: { 204: { description: "Deleted" } },
  });
  registerOperation(r, {
    method: "post",
    path: "/v1/workflows/{id}/publish",
    operationId: "publishWorkflow",
    summary: "Publish the draft as a new version",
    description:
      "Versions are numbered 1, 2, … and immutable. A draft with issues is refused with 422 `invalid_request`; `details` has one entry per issue (`path` names the node or edge, the message starts with the issue code in brackets).",
    tags,
    auth,
    action: "workflow.publish",
    params: workflowParams,
    body: publishWorkflowBody,
    responses: { 201: { description: "The new version", schema: Version } },
  });
  registerOperation(r, {
    method: "get",
    path: "/v1/workflows/{id}/versions",
    operationId: "listWorkflowVersions",
    summary: "List a workflow's published versions",
    description: "Highest number first, without graphs.",
    tags,
    auth,
    action: "workflow.read",
    params: workflowParams,
    query: listVersionsQuery,
    responses: { 200: { description: "A page of versions", schema: workflowVersionPage } },
  });
  registerOperation(r, {
    method: "get",
    path: "/v1/workflows/{id}/versions/{n}",
    operationId: "getWorkflowVersion",
    summary: "Get one published version",
    tags,
    auth,
    action: "workflow.read",
    params: versionParams,
    responses: { 200: { description: "The version with its graph", schema: Version } },
  });
}
