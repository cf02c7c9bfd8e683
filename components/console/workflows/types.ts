// What the editor reads from the workflows and runs APIs: the API's own response types.
export type { WorkflowDto as WorkflowDetail, WorkflowSummaryDto as WorkflowSummary, WorkflowVersionDto, WorkflowVersionSummaryDto } from "@/lib/schemas/workflows";
export type { RunDto, RunEventMessage, RunStepsDto } from "@/lib/schemas/runs";
export type Page<T> = { data: T[]; nextCursor: string | null };

/** One step of a run as the canvas shows it during a test run. */
export type RunStep = { nodeId: string; status: string };
