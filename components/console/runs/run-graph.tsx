"use client";
import "@xyflow/react/dist/style.css";
import { Background, Controls, Handle, MarkerType, Position, ReactFlow, type Edge, type Node, type NodeProps } from "@xyflow/react";
import { memo, useMemo } from "react";
import { cn } from "@/components/ui/cn";
import type { RunStepsDto } from "@/lib/schemas/runs";
import type { WorkflowGraph, WorkflowNode } from "@/lib/schemas/workflow-graph";
import { layoutIfNeeded } from "../workflows/editor/auto-layout";
import { fromGraph, NODE_LABELS } from "../workflows/editor/graph-model";
import { NODE_ICONS } from "../workflows/editor/node-icons";
import { RUN_STATUS_LABELS } from "./run-status-badge";

type Step = RunStepsDto["steps"][number];
/** A node's place in this run: the step's status, or "not_reached" when no step ran it. */
type TraceState = Step["status"] | "not_reached";
type TraceNode = Node<{ node: WorkflowNode; state: TraceState }, "trace">;

const RAN = new Set<TraceState>(["succeeded", "failed", "running", "waiting_approval", "reused", "canceled"]);

const STATE_CLASS: Partial<Record<TraceState, string>> = {
  succeeded: "border-success ring-1 ring-success/40",
  reused: "border-success/60",
  running: "border-primary ring-2 ring-primary/40",
  waiting_approval: "border-warning ring-2 ring-warning/40",
  failed: "border-destructive bg-destructive/10 ring-2 ring-destructive/50",
  canceled: "border-muted-foreground",
  skipped: "opacity-40 border-dashed",
  not_reached: "opacity-40 border-dashed",
};

function TraceNodeView({ id, data }: NodeProps<TraceNode>) {
  const { node, state } = data;
  const Icon = NODE_ICONS[node.type];
  const label = state === "not_reached" ? "Not reached" : (RUN_STATUS_LABELS[state] ?? state);
  return (
    <div
      data-testid={`trace-node-${id}`}
      data-state={state}
      className={cn("w-52 cursor-pointer rounded-lg border bg-card px-3 py-2 text-left shadow-sm", STATE_CLASS[state])}
      title={`${node.name || NODE_LABELS[node.type]} (${id}): ${label}`}
    >
      {node.type !== "trigger" && <Handle type="target" position={Position.Left} isConnectable={false} className="!size-2 !border-0 !bg-muted-foreground" />}
      <div className="flex items-center gap-2">
        <span className={cn("flex size-6 shrink-0 items-center justify-center rounded-md bg-muted", state === "failed" && "bg-destructive text-white")}>
          <Icon className={cn("size-3.5", state === "failed" ? "text-white" : "text-muted-foreground")} aria-hidden />
        </span>
        <div className="min-w-0 flex-1">
          <p className="truncate text-sm font-medium">{node.name || NODE_LABELS[node.type]}</p>
          <p className="truncate text-[11px] text-muted-foreground">
            <span className="font-mono">{id}</span> · <span className={cn(state === "failed" && "font-medium text-destructive")}>{label}</span>
          </p>
        </div>
      </div>
      {node.type !== "output" && <Handle type="source" position={Position.Right} isConnectable={false} className="!size-2 !border-0 !bg-muted-foreground" />}
    </div>
  );
}

const NODE_TYPES = { trace: memo(TraceNodeView) };

/** The graph the run executed, with the path it took: nodes by outcome, the edges it followed drawn strong. */
export function RunGraph({ graph, steps, onSelect }: { graph: WorkflowGraph; steps: Step[]; onSelect: (nodeId: string) => void }) {
  const { nodes, edges } = useMemo(() => {
    const byNode = new Map(steps.map((s) => [s.nodeId, s]));
    const stateOf = (id: string): TraceState => byNode.get(id)?.status ?? "not_reached";
    // Drawn left to right like the editor: a graph saved top to bottom is laid out the same way it is there.
    const at = new Map(layoutIfNeeded(fromGraph(graph)).nodes.map((n) => [n.id, n.position]));
    const nodes: TraceNode[] = graph.nodes.map((n) => ({ id: n.id, type: "trace", position: at.get(n.id) ?? n.position, data: { node: n, state: stateOf(n.id) }, draggable: false, connectable: false }));
    const edges: Edge[] = graph.edges.map((e) => {
      const taken = RAN.has(stateOf(e.source)) && RAN.has(stateOf(e.target));
      const failed = taken && stateOf(e.target) === "failed";
      const color = failed ? "var(--destructive)" : taken ? "var(--success)" : "var(--border)";
      return {
        id: e.id,
        source: e.source,
        target: e.target,
        type: "smoothstep",
        label: e.branch,
        animated: taken && stateOf(e.target) === "running",
        className: taken ? "trace-edge-taken" : "trace-edge-idle",
        data: { taken },
        style: { stroke: color, strokeWidth: taken ? 2.5 : 1.25, strokeDasharray: taken ? undefined : "4 4" },
        markerEnd: { type: MarkerType.ArrowClosed, width: 16, height: 16, color },
      };
    });
    return { nodes, edges };
  }, [graph, steps]);
  return (
    <section className="grid gap-2 rounded-lg border bg-card p-4" aria-label="Path taken" data-testid="run-graph">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h2 className="text-sm font-semibold">Path taken</h2>
        <p className="text-xs text-muted-foreground">The graph this run executed. Select a step to jump to it.</p>
      </div>
      <div className="h-80 overflow-hidden rounded-md border bg-background md:h-[28rem]">
        <ReactFlow
          nodes={nodes}
          edges={edges}
          nodeTypes={NODE_TYPES}
          onNodeClick={(_e, n) => onSelect(n.id)}
          nodesDraggable={false}
          nodesConnectable={false}
          elementsSelectable={false}
          edgesReconnectable={false}
          deleteKeyCode={null}
          fitView
          fitViewOptions={{ padding: 0.2, maxZoom: 1 }}
          minZoom={0.2}
          preventScrolling={false}
          colorMode="system"
        >
          <Background gap={20} size={1} />
          <Controls showInteractive={false} />
        </ReactFlow>
      </div>
    </section>
  );
}
