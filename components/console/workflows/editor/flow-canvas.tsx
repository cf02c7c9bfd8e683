"use client";
import "@xyflow/react/dist/style.css";
import { Background, Controls, MarkerType, ReactFlow, type Connection, type EdgeChange, type NodeChange } from "@xyflow/react";
import { useMemo } from "react";
import type { RunStep } from "../types";
import { CanvasContext } from "./canvas-context";
import type { FlowEdge, FlowNode, Problem } from "./graph-model";
import { NODE_TYPES_MAP } from "./step-node";

const EDGE_DEFAULTS = { markerEnd: { type: MarkerType.ArrowClosed, width: 18, height: 18 } };

/**
 * The graph on a canvas. Editable when the change handlers are given; read-only (versions,
 * viewers) otherwise: nodes can still be selected to inspect them.
 */
export function FlowCanvas({ nodes, edges, problems, steps, editable, onNodesChange, onEdgesChange, onConnect, isValidConnection }: {
  nodes: FlowNode[];
  edges: FlowEdge[];
  problems: Map<string, Problem[]>;
  steps: Map<string, RunStep>;
  editable: boolean;
  onNodesChange?: (changes: NodeChange<FlowNode>[]) => void;
  onEdgesChange?: (changes: EdgeChange<FlowEdge>[]) => void;
  onConnect?: (c: Connection) => void;
  isValidConnection?: (c: Connection | FlowEdge) => boolean;
}) {
  const context = useMemo(() => ({ problems, steps }), [problems, steps]);
  // Edges with a problem (a missing branch label, say) are drawn in the error colour.
  const flagged = useMemo(() => new Set([...problems.values()].flat().flatMap((p) => (p.edgeId ? [p.edgeId] : []))), [problems]);
  const shown = useMemo(
    () => edges.map((e) => (flagged.has(e.id) ? { ...e, style: { stroke: "var(--destructive)", strokeWidth: 2 } } : e)),
    [edges, flagged],
  );
  return (
    <CanvasContext.Provider value={context}>
      <ReactFlow<FlowNode, FlowEdge>
        nodes={nodes}
        edges={shown}
        nodeTypes={NODE_TYPES_MAP}
        defaultEdgeOptions={EDGE_DEFAULTS}
        onNodesChange={onNodesChange}
        onEdgesChange={onEdgesChange}
        onConnect={onConnect}
        isValidConnection={isValidConnection}
        nodesDraggable={editable}
        nodesConnectable={editable}
        edgesReconnectable={false}
        deleteKeyCode={editable ? ["Backspace", "Delete"] : null}
        fitView
        fitViewOptions={{ padding: 0.25, maxZoom: 1 }}
        minZoom={0.25}
        colorMode="system"
      >
        <Background gap={20} size={1} />
        <Controls showInteractive={false} />
      </ReactFlow>
    </CanvasContext.Provider>
  );
}
