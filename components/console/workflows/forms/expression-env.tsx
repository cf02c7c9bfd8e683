"use client";
import { useQuery } from "@tanstack/react-query";
import { createContext, useContext, useEffect, useMemo } from "react";
import type { WorkflowGraph } from "@/lib/schemas/workflow-graph";
import type { LastRunData } from "@/lib/client/variable-paths";
import { useConsole } from "../../console-context";
import { useProjectApi } from "../../connections/use-project-api";
import type { Page, RunDto, RunStepsDto } from "../types";

// What the expression fields of the inspector need beyond their own value: the graph (which
// steps precede this one), the last test run's data (real outputs to pick from and preview
// against) and whether previews may be asked for (the endpoint needs workflow.write).

export type LastTestRun = LastRunData & { id: string; status: string };

export type ExpressionEnv = {
  project: string;
  workflowId: string;
  nodeId: string;
  graph: WorkflowGraph;
  lastRun: LastTestRun | null;
  /** The trigger's sample input, previewed against when there is no test run yet. */
  sampleInput: unknown;
  canPreview: boolean;
};

const Context = createContext<ExpressionEnv | null>(null);
export const ExpressionEnvProvider = Context.Provider;
export const useExpressionEnv = () => useContext(Context);

/** The latest test run of the workflow and its succeeded steps' outputs; a new non-empty `refreshKey` refetches (a test run progressed). */
export function useLastTestRun(project: string, workflowId: string, refreshKey: string): LastTestRun | null {
  const { workspace } = useConsole();
  const call = useProjectApi(project);
  const latest = useQuery({
    queryKey: ["last-test-run", workspace.slug, project, workflowId],
    queryFn: ({ signal }) => call<Page<RunDto>>(`/v1/runs?workflow=${encodeURIComponent(workflowId)}&trigger=test&limit=1`, { signal }),
    staleTime: 30_000,
  });
  const runId = latest.data?.data[0]?.id;
  const steps = useQuery({
    queryKey: ["last-test-run-steps", workspace.slug, project, runId],
    queryFn: ({ signal }) => call<RunStepsDto>(`/v1/runs/${encodeURIComponent(runId!)}/steps`, { signal }),
    enabled: !!runId,
    staleTime: 30_000,
  });
  const { refetch: refetchLatest } = latest;
  const { refetch: refetchSteps } = steps;
  useEffect(() => {
    if (!refreshKey) return;
    void refetchLatest();
    if (runId) void refetchSteps();
  }, [refreshKey, runId, refetchLatest, refetchSteps]);
  return useMemo(() => {
    if (!steps.data) return null;
    const outputs: Record<string, unknown> = {};
    for (const s of steps.data.steps) if (s.status === "succeeded" || s.status === "reused") outputs[s.nodeId] = s.output;
    return { id: steps.data.run.id, status: steps.data.run.status, input: steps.data.run.input, outputs };
  }, [steps.data]);
}
