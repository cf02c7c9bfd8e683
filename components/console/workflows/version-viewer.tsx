"use client";
import { ReactFlowProvider } from "@xyflow/react";
import { Play } from "lucide-react";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { triggerOf } from "@/lib/workflows/graph";
import { ViewToggle } from "./editor/editor-toolbar";
import { FlowCanvas } from "./editor/flow-canvas";
import { NodePanel } from "./editor/node-panel";
import { useFlowState } from "./editor/use-flow-state";
import { JsonView } from "./editor/json-view";
import { RunProgress } from "./run/run-progress";
import { sampleInput } from "./run/sample-input";
import { StartRunForm } from "./run/start-run-form";
import type { RunStep, WorkflowVersionDto } from "./types";

const NO_PROBLEMS = new Map();
const noop = () => {};

function Viewer({ project, workflowId, version, canRun }: { project: string; workflowId: string; version: WorkflowVersionDto; canRun: boolean }) {
  const flow = useFlowState(version.graph);
  const [view, setView] = useState<"canvas" | "json">("canvas");
  const [running, setRunning] = useState(canRun);
  const [runId, setRunId] = useState<string | null>(null);
  const [steps, setSteps] = useState<Map<string, RunStep>>(new Map());
  const selected = flow.nodes.find((n) => n.selected)?.data.node;

  return (
    <div className="grid gap-3">
      <div className="flex flex-wrap items-center gap-2">
        <ViewToggle view={view} onView={setView} />
        <span className="text-xs text-muted-foreground">Read-only: published versions never change.</span>
        {canRun && (
          <Button size="sm" variant={running ? "secondary" : "outline"} className="ml-auto" aria-pressed={running} onClick={() => setRunning((r) => !r)}>
            <Play className="size-3.5" aria-hidden /> Run this version
          </Button>
        )}
      </div>
      <div className="flex h-[min(680px,calc(100vh-14rem))] min-h-[440px] overflow-hidden rounded-lg border bg-card">
        <div className="relative min-w-0 flex-1">
          {view === "canvas" ? (
            <FlowCanvas nodes={flow.nodes} edges={flow.edges} problems={NO_PROBLEMS} steps={steps} editable={false} onNodesChange={flow.onNodesChange} onEdgesChange={flow.onEdgesChange} />
          ) : (
            <JsonView graph={version.graph} readOnly />
          )}
        </div>
        <aside aria-label="Inspector" className="w-[22rem] shrink-0 overflow-y-auto border-l">
          {running && !selected ? (
            <section aria-label="Run" className="grid gap-4 p-4">
              <h2 className="text-sm font-semibold">Run version {version.number}</h2>
              <StartRunForm
                project={project}
                workflowId={workflowId}
                body={{ version: version.number }}
                initialInput={sampleInput(triggerOf(version.graph)?.config.inputSchema)}
                inputSchema={triggerOf(version.graph)?.config.inputSchema}
                label="Start run"
                onStarted={(r) => (setSteps(new Map()), setRunId(r.id))}
              />
              {runId && <RunProgress key={runId} project={project} runId={runId} graph={version.graph} onSteps={setSteps} />}
            </section>
          ) : selected ? (
            <NodePanel
              key={selected.id}
              node={selected}
              nodes={flow.nodes}
              edges={flow.edges}
              problems={[]}
              project={project}
              readOnly
              onChange={noop}
              onConnect={noop}
              onDelete={noop}
              onJsonError={noop}
            />
          ) : (
            <p className="p-4 text-sm text-muted-foreground">Select a step to see its settings.</p>
          )}
        </aside>
      </div>
    </div>
  );
}

/** A published version, read-only, with a way to run exactly this version. */
export function VersionViewer(props: { project: string; workflowId: string; version: WorkflowVersionDto; canRun: boolean }) {
  return (
    <ReactFlowProvider>
      <Viewer {...props} />
    </ReactFlowProvider>
  );
}
