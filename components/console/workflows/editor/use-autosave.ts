"use client";
import { useCallback, useEffect, useLayoutEffect, useRef, useState } from "react";
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
 * Saves the draft a moment after the last edit, unfinished steps and all (the API stores the
 * draft with its problems; publishing is what needs a clean graph), sending the revision it was
 * edited from. A 409 means another tab or person saved in between: saving stops until the user
 * reloads, so neither side's work is silently overwritten. One request at a time; edits made
 * while a request is in flight are saved right after it. `flush()` saves now (before leaving).
 */
export function useAutosave({ graph, revision, blockers, enabled, patch, onSaved }: {
  graph: WorkflowGraph;
  revision: number;
  /** Problems that make the graph unsendable (malformed ids or edges: the API would refuse the draft itself). */
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
  const latest = useRef({ graph, serialized, blockers, enabled });
  useLayoutEffect(() => {
    latest.current = { graph, serialized, blockers, enabled };
  });
  const savedRef = useRef(saved);
  const conflictRef = useRef(false);
  const inflight = useRef<Promise<boolean> | null>(null);
  const dirty = serialized !== saved;
  const conflict = failure?.conflict === true;
  // A failed save is retried on the next edit, not in a loop.
  const failedHere = failure !== null && !failure.conflict && failure.for === serialized;

  /** Saves the latest graph now, and again for edits made while a request was in flight; true once everything is saved. */
  const flush = useCallback(async (): Promise<boolean> => {
    for (;;) {
      if (inflight.current) await inflight.current;
      const { graph, serialized, blockers, enabled } = latest.current;
      if (serialized === savedRef.current) return true;
      if (!enabled || blockers > 0 || conflictRef.current) return false;
      const attempt = (async () => {
        setSaving(true);
        try {
          const w = await patch({ graph, draftRevision: rev.current });
          rev.current = w.draftRevision;
          savedRef.current = serialized;
          setSaved(serialized);
          setFailure(null);
          onSaved(w);
          return true;
        } catch (err) {
          const conflict = err instanceof ApiRequestError && err.status === 409;
          conflictRef.current = conflict;
          setFailure(conflict ? { conflict: true } : { conflict: false, message: errorMessage(err), for: serialized });
          return false;
        } finally {
          inflight.current = null;
          setSaving(false);
        }
      })();
      inflight.current = attempt;
      if (!(await attempt)) return false;
    }
  }, [patch, onSaved]);

  useEffect(() => {
    if (!enabled || !dirty || saving || conflict || failedHere || blockers > 0) return;
    const timer = setTimeout(() => void flush(), DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [serialized, enabled, dirty, saving, conflict, failedHere, blockers, flush]);

  // Leaving the site or reloading with unsaved edits asks first (the browser shows its own wording).
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
  return { status, dirty: dirty && enabled, flush };
}
