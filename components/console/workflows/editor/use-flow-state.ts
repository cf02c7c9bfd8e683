"use client";
import { addEdge, applyEdgeChanges, applyNodeChanges, type Connection, type EdgeChange, type NodeChange } from "@xyflow/react";
import { useCallback, useMemo, useState } from "react";
import type { NodeType, WorkflowGraph, WorkflowNode } from "@/lib/schemas/workflow-graph";
import { fromGraph, newEdgeId, newWorkflowNode, nextNodeId, toFlowNode, toGraph, type FlowEdge, type FlowNode } from "./graph-model";

const NODE_W = 224;
const NODE_H = 64;

// A condition's outgoing connections get "true", then "false", then "default"; the user can
// rename them in the connection's panel.
function nextBranch(edges: FlowEdge[], source: string): string | undefined {
  const used = new Set(edges.filter((e) => e.source === source).map((e) => e.data?.branch));
  return ["true", "false", "default"].find((b) => !used.has(b));
}

/** The canvas state (React Flow nodes and edges) and every edit the editor makes to it. */
export function useFlowState(initial: WorkflowGraph) {
  const [state, setState] = useState(() => fromGraph(initial));
  const { nodes, edges } = state;
  const graph = useMemo(() => toGraph(nodes, edges), [nodes, edges]);

  const onNodesChange = useCallback((changes: NodeChange<FlowNode>[]) => {
    setState((s) => {
      const removed = new Set(changes.flatMap((c) => (c.type === "remove" ? [c.id] : [])));
      const edges = removed.size ? s.edges.filter((e) => !removed.has(e.source) && !removed.has(e.target)) : s.edges;
      return { nodes: applyNodeChanges(changes, s.nodes), edges };
    });
  }, []);

  const onEdgesChange = useCallback((changes: EdgeChange<FlowEdge>[]) => setState((s) => ({ ...s, edges: applyEdgeChanges(changes, s.edges) })), []);

  const isValidConnection = useCallback(
    (c: Connection | FlowEdge) => c.source !== c.target && !edges.some((e) => e.source === c.source && e.target === c.target),
    [edges],
  );

  const connect = useCallback((c: Connection) => {
    setState((s) => {
      if (c.source === c.target || s.edges.some((e) => e.source === c.source && e.target === c.target)) return s;
      const source = s.nodes.find((n) => n.id === c.source);
      const branch = source?.data.node.type === "condition" ? nextBranch(s.edges, c.source) : undefined;
      const edge: FlowEdge = { id: newEdgeId(c.source, c.target, s.edges.map((e) => e.id)), source: c.source, target: c.target, label: branch, data: { branch } };
      return { ...s, edges: addEdge(edge, s.edges) };
    });
  }, []);

  /** Adds a node below the selected one, or beside everything, selects it and returns its id. */
  const addNode = useCallback(
    (type: NodeType): string => {
      const id = nextNodeId(type, nodes.map((n) => n.id));
      const anchor = nodes.find((n) => n.selected);
      let pos = anchor
        ? { x: anchor.position.x, y: anchor.position.y + 140 }
        : { x: Math.max(0, ...nodes.map((n) => n.position.x)) + NODE_W + 80, y: nodes.length ? Math.min(...nodes.map((n) => n.position.y)) + 80 : 0 };
      const overlaps = (p: { x: number; y: number }) => nodes.some((n) => Math.abs(n.position.x - p.x) < NODE_W && Math.abs(n.position.y - p.y) < NODE_H + 16);
      while (overlaps(pos)) pos = { x: pos.x + NODE_W + 40, y: pos.y };
      const node = { ...toFlowNode(newWorkflowNode(type, id, pos)), selected: true };
      setState((s) => ({ nodes: [...s.nodes.map((n) => ({ ...n, selected: false })), node], edges: s.edges.map((e) => ({ ...e, selected: false })) }));
      return id;
    },
    [nodes],
  );

  const updateNode = useCallback((id: string, next: WorkflowNode) => {
    setState((s) => ({ ...s, nodes: s.nodes.map((n) => (n.id === id ? { ...n, data: { node: next } } : n)) }));
  }, []);

  const removeNode = useCallback((id: string) => {
    setState((s) => ({ nodes: s.nodes.filter((n) => n.id !== id), edges: s.edges.filter((e) => e.source !== id && e.target !== id) }));
  }, []);

  const setBranch = useCallback((edgeId: string, branch: string | undefined) => {
    setState((s) => ({ ...s, edges: s.edges.map((e) => (e.id === edgeId ? { ...e, label: branch, data: { branch } } : e)) }));
  }, []);

  const removeEdge = useCallback((edgeId: string) => setState((s) => ({ ...s, edges: s.edges.filter((e) => e.id !== edgeId) })), []);

  const select = useCallback((target: { nodeId?: string; edgeId?: string } | null) => {
    setState((s) => ({
      nodes: s.nodes.map((n) => (n.selected === (n.id === target?.nodeId) ? n : { ...n, selected: n.id === target?.nodeId })),
      edges: s.edges.map((e) => (e.selected === (e.id === target?.edgeId) ? e : { ...e, selected: e.id === target?.edgeId })),
    }));
  }, []);

  const replace = useCallback((g: WorkflowGraph) => setState(fromGraph(g)), []);

  return { nodes, edges, graph, onNodesChange, onEdgesChange, isValidConnection, connect, addNode, updateNode, removeNode, setBranch, removeEdge, select, replace };
}
