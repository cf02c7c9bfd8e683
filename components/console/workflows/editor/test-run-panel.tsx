"use client";
import { X } from "lucide-react";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import type { WorkflowGraph } from "@/lib/schemas/workflow-graph";
import { triggerOf } from "@/lib/workflows/graph";
import { RunProgress } from "../run/run-progress";
import { sampleInput } from "../run/sample-input";
import { StartRunForm } from "../run/start-run-form";
import type { RunStep } from "../types";

/** Test run of the saved draft with a sample input; each step's result appears as it happens. */
export function TestRunPanel({ project, workflowId, graph, blockedBy, onSteps, onClose }: {
  project: string;
  workflowId: string;
  graph: WorkflowGraph;
  blockedBy: string | null;
  onSteps: (steps: Map<string, RunStep>) => void;
  onClose: () => void;
}) {
  const [run, setRun] = useState<{ id: string; graph: WorkflowGraph } | null>(null);
  return (
    <section aria-label="Test run" className="grid gap-4 p-4">
      <header className="flex items-start gap-2">
        <div className="min-w-0 flex-1">
          <h2 className="text-sm font-semibold">Test run</h2>
          <p className="text-xs text-muted-foreground">Runs the saved draft (not a published version) and uses credits like any run.</p>
        </div>
        <Button variant="ghost" size="icon" aria-label="Close test run" onClick={onClose}>
          <X className="size-4" aria-hidden />
        </Button>
      </header>
      <StartRunForm
        project={project}
        workflowId={workflowId}
        body={{ draft: true }}
        initialInput={sampleInput(triggerOf(graph)?.config.inputSchema)}
        inputSchema={triggerOf(graph)?.config.inputSchema}
        disabledReason={blockedBy}
        label={run ? "Run again" : "Start test run"}
        onStarted={(r) => {
          onSteps(new Map());
          setRun({ id: r.id, graph });
        }}
      />
      {run && <RunProgress key={run.id} project={project} runId={run.id} graph={run.graph} onSteps={onSteps} />}
    </section>
  );
}
