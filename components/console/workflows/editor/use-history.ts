"use client";
import { useCallback, useRef, useState, type RefObject } from "react";
import type { FlowEdge, FlowNode } from "./graph-model";

export type CanvasState = { nodes: FlowNode[]; edges: FlowEdge[] };

const LIMIT = 100;
/** Edits with the same key closer together than this are one step (typing, dragging). */
const COALESCE_MS = 1000;

/**
 * Undo and redo over whole canvas states. `commit(next, key?)` records the state it replaces;
 * consecutive commits with the same key within a second (keystrokes in one field, the positions
 * of one drag) share one history entry.
 */
export function useHistory(current: RefObject<CanvasState>, set: (s: CanvasState) => void) {
  const past = useRef<CanvasState[]>([]);
  const future = useRef<CanvasState[]>([]);
  const last = useRef<{ key: string; at: number } | null>(null);
  const [counts, setCounts] = useState({ past: 0, future: 0, restored: 0 });

  const commit = useCallback(
    (next: CanvasState, key?: string) => {
      const now = Date.now();
      const joined = key !== undefined && last.current?.key === key && now - last.current.at < COALESCE_MS;
      if (!joined) {
        past.current.push(current.current);
        if (past.current.length > LIMIT) past.current.shift();
      }
      last.current = key === undefined ? null : { key, at: now };
      future.current = [];
      set(next);
      setCounts((c) => ({ past: past.current.length, future: 0, restored: c.restored }));
    },
    [current, set],
  );

  const step = useCallback(
    (from: RefObject<CanvasState[]>, to: RefObject<CanvasState[]>) => {
      const target = from.current.pop();
      if (!target) return;
      to.current.push(current.current);
      last.current = null;
      set(target);
      setCounts((c) => ({ past: past.current.length, future: future.current.length, restored: c.restored + 1 }));
    },
    [current, set],
  );

  const undo = useCallback(() => step(past, future), [step]);
  const redo = useCallback(() => step(future, past), [step]);
  return { commit, undo, redo, canUndo: counts.past > 0, canRedo: counts.future > 0, restored: counts.restored };
}
