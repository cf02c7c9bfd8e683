"use client";
import { useEffect, useRef, useState } from "react";
import { ApiRequestError, errorMessage } from "@/lib/client/api";
import type { WorkflowGraph } from "@/lib/schemas/workflow-graph";
import type { WorkflowDetail } from "../types";

export type SaveStatus =
  | { kind: "saved" }
  | { kind: "pending" }
  | { kind: "saving" }
  | { kind: "invalid"; count: number }
  | { kind: "conflict" }
  | { kind: "error"; message: string };

type Patch = (body: { graph: WorkflowGraph; draftRevision: number }) => Promise<WorkflowDetail>;

const DEBOUNCE_MS = 700;

/**
 * Saves the draft a moment after the last edit, sending the revision it was edited from. A
 * 409 means another tab or person saved in between: saving stops until the user reloads, so
 * neither side's work is silently overwritten. One request at a time; edits made while a
 * request is in flight are saved right after it.
 */
export function useAutosave({ graph, revision, blockers, enabled, patch, onSaved }: {
  graph: WorkflowGraph;
  revision: number;
  /** Problems that make the graph unsendable (the API would reject it). */
  blockers: number;
  enabled: boolean;
  patch: Patch;
  onSaved: (w: WorkflowDetail) => void;
}) {
  const serialized = JSON.stringify(graph);
  const [saved, setSaved] = useState(serialized);
  const [saving, setSaving] = useState(false);
  const [failure, setFailure] = useState<{ conflict: true } | { conflict: false; message: string; for: string } | null>(null);
  const rev = useRef(revision);
  const dirty = serialized !== saved;
  const conflict = failure?.conflict === true;
  // A failed save is retried on the next edit, not in a loop.
  const failedHere = failure !== null && !failure.conflict && failure.for === serialized;

  useEffect(() => {
    if (!enabled || !dirty || saving || conflict || failedHere || blockers > 0) return;
    const timer = setTimeout(async () => {
      setSaving(true);
      try {
        const w = await patch({ graph, draftRevision: rev.current });
        rev.current = w.draftRevision;
        setSaved(serialized);
        setFailure(null);
        onSaved(w);
      } catch (err) {
        if (err instanceof ApiRequestError && err.status === 409) setFailure({ conflict: true });
        else setFailure({ conflict: false, message: errorMessage(err), for: serialized });
      } finally {
        setSaving(false);
      }
    }, DEBOUNCE_MS);
    return () => clearTimeout(timer);
    // `graph` and `serialized` change together; the serialized form is the cheaper dependency.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [serialized, enabled, dirty, saving, conflict, failedHere, blockers, patch, onSaved]);

  // Leaving with unsaved edits asks first (the browser shows its own wording).
  useEffect(() => {
    if (!dirty || !enabled) return;
    const warn = (e: BeforeUnloadEvent) => e.preventDefault();
    window.addEventListener("beforeunload", warn);
    return () => window.removeEventListener("beforeunload", warn);
  }, [dirty, enabled]);

  const status: SaveStatus = conflict
    ? { kind: "conflict" }
    : saving
      ? { kind: "saving" }
      : dirty && blockers > 0
        ? { kind: "invalid", count: blockers }
        : failedHere && failure && !failure.conflict
          ? { kind: "error", message: failure.message }
          : dirty
            ? { kind: "pending" }
            : { kind: "saved" };
  return { status, dirty };
}
