"use client";
import "@xyflow/react/dist/style.css";
import { Background, Controls, MarkerType, MiniMap, ReactFlow, type Connection, type EdgeChange, type NodeChange } from "@xyflow/react";
import { useMemo } from "react";
import type { RunStep } from "../types";
import { CanvasContext } from "./canvas-context";
import type { FlowEdge, FlowNode, Problem } from "./graph-model";
import { EDGE_TYPES_MAP } from "./step-edge";
import { NODE_MINIMAP_COLORS } from "./node-icons";
import { NODE_TYPES_MAP } from "./step-node";

const EDGE_DEFAULTS = { type: "step", markerEnd: { type: MarkerType.ArrowClosed, width: 18, height: 18 } };

/**
 * The graph on a canvas. Editable when the change handlers are given; read-only (versions,
 * viewers) otherwise: nodes can still be selected to inspect them. `onAddAfter` and `onInsert`
 * put a "+" on each step's output and on each connection.
 */
export function FlowCanvas({ nodes, edges, problems, steps, editable, onNodesChange, onEdgesChange, onConnect, isValidConnection, onAddAfter, onInsert }: {
  nodes: FlowNode[];
  edges: FlowEdge[];
  problems: Map<string, Problem[]>;
  steps: Map<string, RunStep>;
  editable: boolean;
  onNodesChange?: (changes: NodeChange<FlowNode>[]) => void;
  onEdgesChange?: (changes: EdgeChange<FlowEdge>[]) => void;
  onConnect?: (c: Connection) => void;
  isValidConnection?: (c: Connection | FlowEdge) => boolean;
  onAddAfter?: (nodeId: string) => void;
  onInsert?: (edgeId: string) => void;
}) {
  const outgoing = useMemo(() => {
    const m = new Map<string, number>();
    for (const e of edges) m.set(e.source, (m.get(e.source) ?? 0) + 1);
    return m;
  }, [edges]);
  const context = useMemo(
    () => ({ problems, steps, outgoing, onAddAfter: editable ? onAddAfter : undefined, onInsert: editable ? onInsert : undefined }),
    [problems, steps, outgoing, editable, onAddAfter, onInsert],
  );
  // Edges with a problem (a missing branch label, say) are drawn in the error colour.
  const flagged = useMemo(() => new Set([...problems.values()].flat().flatMap((p) => (p.edgeId ? [p.edgeId] : []))), [problems]);
  const shown = useMemo(
    () => edges.map((e) => ({ ...e, type: "step", ...(flagged.has(e.id) ? { style: { stroke: "var(--destructive)", strokeWidth: 2 } } : {}) })),
    [edges, flagged],
  );
  return (
    <CanvasContext.Provider value={context}>
      <ReactFlow<FlowNode, FlowEdge>
        nodes={nodes}
        edges={shown}
        nodeTypes={NODE_TYPES_MAP}
        edgeTypes={EDGE_TYPES_MAP}
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
        fitViewOptions={{ padding: 0.2, maxZoom: 1 }}
        minZoom={0.25}
        colorMode="system"
      >
        <Background gap={20} size={1} />
        <Controls showInteractive={false} position="bottom-left" />
        <MiniMap
          position="bottom-right"
          pannable
          zoomable
          ariaLabel="Minimap of the workflow"
          // Not on a phone: the canvas there is too small to give a corner of it away.
          className="!hidden !rounded-md !border !bg-card md:!block"
          nodeBorderRadius={6}
          nodeStrokeWidth={2}
          maskColor="color-mix(in oklab, var(--muted) 60%, transparent)"
          nodeColor={(n) => ((problems.get(n.id)?.length ?? 0) > 0 ? "var(--destructive)" : NODE_MINIMAP_COLORS[(n as FlowNode).data.node.type])}
        />
      </ReactFlow>
    </CanvasContext.Provider>
  );
}
