"use client";
import { addEdge, applyEdgeChanges, applyNodeChanges, type Connection, type EdgeChange, type NodeChange } from "@xyflow/react";
import { useCallback, useMemo, useRef, useState } from "react";
import type { NodeType, WorkflowGraph, WorkflowNode } from "@/lib/schemas/workflow-graph";
import { layoutIfNeeded, tidy } from "./auto-layout";
import { appendAfter, copySelection, GAP_X, insertOnEdge, NODE_H, NODE_W, nextBranch, pasteClipboard, type Clipboard } from "./graph-edits";
import { fromGraph, newEdgeId, newWorkflowNode, nextNodeId, toFlowNode, toGraph, type FlowEdge, type FlowNode } from "./graph-model";
import { useHistory, type CanvasState } from "./use-history";

// What was copied last: kept for the tab's life, so steps can be pasted into another workflow.
let clipboard: Clipboard | null = null;

// What React Flow reports that is not an edit: selecting, measuring, hovering.
const isEdit = (c: NodeChange<FlowNode> | EdgeChange<FlowEdge>) => c.type === "remove" || c.type === "add" || c.type === "replace" || c.type === "position";

/**
 * The canvas state (React Flow nodes and edges) and every edit the editor makes to it. Edits go
 * through `commit`, which keeps the undo history; selection and measuring do not.
 */
export function useFlowState(initial: WorkflowGraph) {
  // A graph without usable positions (imported, or drawn top to bottom) is laid out as it opens.
  const [state, setState] = useState<CanvasState>(() => layoutIfNeeded(fromGraph(initial)));
  // The latest state, for handlers that React Flow may call several times before a render.
  const current = useRef(state);
  const set = useCallback((next: CanvasState) => {
    current.current = next;
    setState(next);
  }, []);
  const history = useHistory(current, set);
  const { commit } = history;
  const { nodes, edges } = state;
  const graph = useMemo(() => toGraph(nodes, edges), [nodes, edges]);

  const onNodesChange = useCallback(
    (changes: NodeChange<FlowNode>[]) => {
      const s = current.current;
      const removed = new Set(changes.flatMap((c) => (c.type === "remove" ? [c.id] : [])));
      const edges = removed.size ? s.edges.filter((e) => !removed.has(e.source) && !removed.has(e.target)) : s.edges;
      const next = { nodes: applyNodeChanges(changes, s.nodes), edges };
      const edit = changes.find(isEdit);
      // A drag is one step of history however many positions it reports.
      if (edit) commit(next, edit.type === "position" ? `drag:${changes.map((c) => ("id" in c ? c.id : "")).join(",")}` : undefined);
      else set(next);
    },
    [commit, set],
  );

  const onEdgesChange = useCallback(
    (all: EdgeChange<FlowEdge>[]) => {
      const s = current.current;
      // Deleting a node removes its edges first (onNodesChange): their own removals are no-ops.
      const changes = all.filter((c) => c.type !== "remove" || s.edges.some((e) => e.id === c.id));
      if (changes.length === 0) return;
      const next = { ...s, edges: applyEdgeChanges(changes, s.edges) };
      if (changes.some(isEdit)) commit(next);
      else set(next);
    },
    [commit, set],
  );

  const isValidConnection = useCallback(
    (c: Connection | FlowEdge) => c.source !== c.target && !edges.some((e) => e.source === c.source && e.target === c.target),
    [edges],
  );

  const connect = useCallback(
    (c: Connection) => {
      const s = current.current;
      if (c.source === c.target || s.edges.some((e) => e.source === c.source && e.target === c.target)) return;
      const source = s.nodes.find((n) => n.id === c.source);
      const branch = source?.data.node.type === "condition" ? nextBranch(s.edges, c.source) : undefined;
      const edge: FlowEdge = { id: newEdgeId(c.source, c.target, s.edges.map((e) => e.id)), source: c.source, target: c.target, label: branch, data: { branch } };
      commit({ ...s, edges: addEdge(edge, s.edges) });
    },
    [commit],
  );

  /** Adds a node right of the selected one, or right of everything, selects it and returns its id. */
  const addNode = useCallback(
    (type: NodeType): string => {
      const { nodes, edges } = current.current;
      const id = nextNodeId(type, nodes.map((n) => n.id));
      const anchor = nodes.find((n) => n.selected);
      let pos = anchor
        ? { x: anchor.position.x + NODE_W + GAP_X, y: anchor.position.y }
        : { x: Math.max(0, ...nodes.map((n) => n.position.x)) + NODE_W + GAP_X, y: nodes.length ? Math.min(...nodes.map((n) => n.position.y)) : 0 };
      const overlaps = (p: { x: number; y: number }) => nodes.some((n) => Math.abs(n.position.x - p.x) < NODE_W && Math.abs(n.position.y - p.y) < NODE_H + 16);
      while (overlaps(pos)) pos = { x: pos.x, y: pos.y + NODE_H + 40 };
      const node = { ...toFlowNode(newWorkflowNode(type, id, pos)), selected: true };
      commit({ nodes: [...nodes.map((n) => ({ ...n, selected: false })), node], edges: edges.map((e) => ({ ...e, selected: false })) });
      return id;
    },
    [commit],
  );

  /** The "+" on a step's output: a new step connected from it. */
  const addAfter = useCallback(
    (sourceId: string, type: NodeType): string => {
      const { state: next, id } = appendAfter(current.current, sourceId, type);
      commit(next);
      return id;
    },
    [commit],
  );

  /** The "+" on a connection: a new step in between. */
  const insertBetween = useCallback(
    (edgeId: string, type: NodeType): string => {
      const { state: next, id } = insertOnEdge(current.current, edgeId, type);
      commit(next);
      return id;
    },
    [commit],
  );

  const tidyUp = useCallback(() => commit(tidy(current.current)), [commit]);

  /** Copies the selected steps; false when nothing is selected. */
  const copy = useCallback((): boolean => {
    const clip = copySelection(current.current);
    if (clip) clipboard = clip;
    return clip !== null;
  }, []);

  /** Pastes the last copy (each paste a step further down and right); the ids of the copies. */
  const paste = useCallback((): string[] => {
    if (!clipboard) return [];
    const { state: next, ids } = pasteClipboard(current.current, clipboard);
    if (ids.length === 0) return [];
    commit(next);
    // The next paste lands beside this one, not on top of it.
    clipboard = { ...clipboard, nodes: clipboard.nodes.map((n) => ({ ...n, position: { x: n.position.x + 40, y: n.position.y + 40 } })) };
    return ids;
  }, [commit]);

  const selectAll = useCallback(() => {
    const s = current.current;
    set({ nodes: s.nodes.map((n) => (n.selected ? n : { ...n, selected: true })), edges: s.edges });
  }, [set]);

  // Typing into one field is one step of history, not one per keystroke.
  const updateNode = useCallback(
    (id: string, next: WorkflowNode) => {
      const s = current.current;
      commit({ ...s, nodes: s.nodes.map((n) => (n.id === id ? { ...n, data: { node: next } } : n)) }, `node:${id}`);
    },
    [commit],
  );

  const removeNode = useCallback(
    (id: string) => {
      const s = current.current;
      commit({ nodes: s.nodes.filter((n) => n.id !== id), edges: s.edges.filter((e) => e.source !== id && e.target !== id) });
    },
    [commit],
  );

  const setBranch = useCallback(
    (edgeId: string, branch: string | undefined) => {
      const s = current.current;
      commit({ ...s, edges: s.edges.map((e) => (e.id === edgeId ? { ...e, label: branch, data: { branch } } : e)) }, `edge:${edgeId}`);
    },
    [commit],
  );

  const removeEdge = useCallback(
    (edgeId: string) => {
      const s = current.current;
      commit({ ...s, edges: s.edges.filter((e) => e.id !== edgeId) });
    },
    [commit],
  );

  const select = useCallback(
    (target: { nodeId?: string; edgeId?: string } | null) => {
      const s = current.current;
      set({
        nodes: s.nodes.map((n) => (n.selected === (n.id === target?.nodeId) ? n : { ...n, selected: n.id === target?.nodeId })),
        edges: s.edges.map((e) => (e.selected === (e.id === target?.edgeId) ? e : { ...e, selected: e.id === target?.edgeId })),
      });
    },
    [set],
  );

  const replace = useCallback((g: WorkflowGraph) => commit(layoutIfNeeded(fromGraph(g))), [commit]);

  return {
    nodes,
    edges,
    graph,
    onNodesChange,
    onEdgesChange,
    isValidConnection,
    connect,
    addNode,
    addAfter,
    insertBetween,
    tidyUp,
    copy,
    paste,
    selectAll,
    updateNode,
    removeNode,
    setBranch,
    removeEdge,
    select,
    replace,
    undo: history.undo,
    redo: history.redo,
    canUndo: history.canUndo,
    canRedo: history.canRedo,
    /** Changes on every undo and redo: forms holding local text remount to show the restored values. */
    restored: history.restored,
  };
}
