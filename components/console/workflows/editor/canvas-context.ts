"use client";
import { createContext, useContext } from "react";
import type { RunStep } from "../types";
import type { Problem } from "./graph-model";

/**
 * What the canvas nodes and edges show besides their own config: problems, the live test-run
 * step, and the "+" connectors when the canvas is editable. A context rather than node data, so
 * a new issue list or run event does not rewrite the nodes (which would count as an edit and
 * trigger an autosave).
 */
type CanvasState = {
  problems: Map<string, Problem[]>;
  steps: Map<string, RunStep>;
  /** How many connections leave each step (a "+" stays shown on a step with none). */
  outgoing: Map<string, number>;
  /** Opens the picker for a step after this one; absent on a read-only canvas. */
  onAddAfter?: (nodeId: string) => void;
  /** Opens the picker for a step in the middle of this connection; absent on a read-only canvas. */
  onInsert?: (edgeId: string) => void;
};

export const CanvasContext = createContext<CanvasState>({ problems: new Map(), steps: new Map(), outgoing: new Map() });

export const useCanvasState = () => useContext(CanvasContext);
