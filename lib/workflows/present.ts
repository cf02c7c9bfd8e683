import type { Workflow, WorkflowVersion } from "@/lib/generated/prisma/client";
import { draftGraph, workflowGraph, type DraftGraph, type GraphIssue, type WorkflowGraph } from "@/lib/schemas/workflow-graph";
import type { WorkflowDto, WorkflowSummaryDto, WorkflowVersionDto, WorkflowVersionSummaryDto } from "@/lib/schemas/workflows";
/** Stored versions were validated on write; parsing again fills defaults added since. */
export function storedGraph(json: unknown): WorkflowGraph {
  return workflowGraph.parse(json);
}

/** A stored draft, which may have unfinished steps (lib/workflows/parse-draft.ts). */
export function storedDraft(json: unknown): DraftGraph {
  return draftGraph.parse(json);
}

export function presentWorkflowSummary(row: Omit<Workflow, "draft">): WorkflowSummaryDto {
  return {
    id: row.id,
    slug: row.slug,
    name: row.name,
    description: row.description,
    draftRevision: row.draftRevision,
    latestVersion: row.latestVersion,
    createdById: row.createdById,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

/** `draft`: the draft with its finished steps' defaults filled in (validateDraft's graph). */
export function presentWorkflow(row: Workflow, draft: DraftGraph | WorkflowGraph, issues: GraphIssue[]): WorkflowDto {
  return { ...presentWorkflowSummary(row), draft: draft as DraftGraph, issues };
}

export function presentVersionSummary(row: Omit<WorkflowVersion, "graph">): WorkflowVersionSummaryDto {
  return {
    id: row.id,
    workflowId: row.workflowId,
    number: row.number,
    note: row.note,
    publishedById: row.publishedById,
    publishedAt: row.publishedAt.toISOString(),
  };
}

export function presentVersion(row: WorkflowVersion): WorkflowVersionDto {
  return { ...presentVersionSummary(row), graph: storedGraph(row.graph) };
}

/** The audit view of a workflow: identity and size of the draft, not the whole graph. */
export function auditView(row: Pick<Workflow, "slug" | "name" | "description" | "draftRevision" | "latestVersion"> & { draft: unknown }) {
  const draft = row.draft as { nodes?: unknown[]; edges?: unknown[] } | null;
  return {
    slug: row.slug,
    name: row.name,
    description: row.description,
    draftRevision: row.draftRevision,
    latestVersion: row.latestVersion,
    nodes: draft?.nodes?.length ?? 0,
    edges: draft?.edges?.length ?? 0,
  };
}
