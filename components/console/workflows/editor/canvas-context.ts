"use client";
import { createContext, useContext } from "react";
import type { RunStep } from "../types";
import type { Problem } from "./graph-model";

/**
 * What the canvas nodes show besides their own config: problems and the live test-run step.
 * A context rather than node data, so a new issue list or run event does not rewrite the
 * nodes (which would count as an edit and trigger an autosave).
 */
type CanvasState = { problems: Map<string, Problem[]>; steps: Map<string, RunStep> };

export const CanvasContext = createContext<CanvasState>({ problems: new Map(), steps: new Map() });

export const useCanvasState = () => useContext(CanvasContext);
