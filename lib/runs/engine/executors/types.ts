import type { ExpressionScope } from "@/lib/workflows/expressions";
import type { WorkflowGraph } from "@/lib/schemas/workflow-graph";
import type { UsageItem } from "@/lib/metering/record-usage";
import type { NodeOutcome } from "../routing";

/** What an executor sees of the run. */
export type ExecContext = {
  run: { id: string; workspaceId: string; projectId: string; workflowId: string | null; input: unknown };
  graph: WorkflowGraph;
  scope: ExpressionScope;
  outcomes: Map<string, NodeOutcome>;
};

/** The result of one successful call of a side-effecting step. */
export type CallResult = {
  output: unknown;
  /** Usage besides the step itself (the model call, the http call). */
  usage: Omit<UsageItem, "nodeId" | "attempt">[];
  tokensIn?: number | null;
  tokensOut?: number | null;
  cost?: bigint;
};

/** A side-effecting step, rendered and ready to call (once per attempt). */
export type PreparedCall = {
  /** The rendered config: what the step row and its events show. Never a credential. */
  input: unknown;
  /** Worst-case charge of the call itself, checked against the budget before every attempt. */
  estimate: bigint;
  call(attempt: number, signal: AbortSignal): Promise<CallResult>;
};
