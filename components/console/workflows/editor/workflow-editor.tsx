"use client";
import { ReactFlowProvider, useReactFlow } from "@xyflow/react";
import { useMutation } from "@tanstack/react-query";
import { FlaskConical, RefreshCw } from "lucide-react";
import { useRouter } from "next/navigation";
import { useCallback, useEffect, useMemo, useState } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { errorMessage } from "@/lib/client/api";
import { cn } from "@/components/ui/cn";
import { draftGraph, NODE_TYPES, type NodeType, type WorkflowGraph } from "@/lib/schemas/workflow-graph";
import { triggerOf } from "@/lib/workflows/graph";
import { useProjectApi } from "../../connections/use-project-api";
import { ExpressionEnvProvider, useLastTestRun } from "../forms/expression-env";
import { sampleInput } from "../run/sample-input";
import type { RunStep, WorkflowDetail } from "../types";
import { AddStepButton, CanvasTools, SaveIndicator, UndoRedo, ViewToggle } from "./editor-toolbar";
import { FlowCanvas } from "./flow-canvas";
import { problemsByNode, schemaProblems, serverProblems, type Problem } from "./graph-model";
import { JsonView } from "./json-view";
import { NodePicker } from "./node-picker";
import { ProblemsOverview } from "./problems-overview";
import { PublishButton } from "./publish-button";
import { EdgePanel, NodePanel } from "./node-panel";
import { ShortcutsSheet } from "./shortcuts-sheet";
import { TestRunPanel } from "./test-run-panel";
import { useAutosave } from "./use-autosave";
import { useCanvasKeys } from "./use-canvas-keys";
import { useFlowState } from "./use-flow-state";
import { useLeaveGuard } from "./use-leave-guard";
import { useUndoKeys } from "./use-undo-keys";

type EditorPermissions = { canWrite: boolean; canPublish: boolean; canRun: boolean };

/** Where the step picker adds: anywhere (toolbar, N), after a step's output, or on a connection. */
type PickerTarget = { kind: "free" } | { kind: "after"; nodeId: string } | { kind: "edge"; edgeId: string };

function EditorBody({ project, workflow, perms, onReload }: { project: string; workflow: WorkflowDetail; perms: EditorPermissions; onReload: () => void }) {
  const call = useProjectApi(project);
  const router = useRouter();
  const rf = useReactFlow();
  // The editor types steps by their finished shape; an unfinished one shows its missing fields.
  const flow = useFlowState(workflow.draft as WorkflowGraph);
  const [issues, setIssues] = useState(workflow.issues);
  const [latestVersion, setLatestVersion] = useState(workflow.latestVersion);
  const [jsonErrors, setJsonErrors] = useState<Record<string, Problem>>({});
  const [view, setView] = useState<"canvas" | "json">("canvas");
  const [testing, setTesting] = useState(false);
  const [runSteps, setRunSteps] = useState<Map<string, RunStep>>(new Map());
  const [picker, setPicker] = useState<PickerTarget | null>(null);
  const [fullScreen, setFullScreen] = useState(false);
  const [shortcuts, setShortcuts] = useState(false);

  const local = useMemo(() => schemaProblems(flow.graph), [flow.graph]);
  // Unfinished steps are saved; only a draft the API cannot store at all (a malformed id, say) is held back.
  const unsendable = useMemo(() => {
    const parsed = draftGraph.safeParse(flow.graph);
    return parsed.success ? 0 : parsed.error.issues.length;
  }, [flow.graph]);
  // The API's invalid_config issues are the same field errors `local` already shows as you type.
  const problems = useMemo(() => [...local, ...Object.values(jsonErrors), ...serverProblems(issues.filter((i) => i.code !== "invalid_config"))], [local, jsonErrors, issues]);
  const byNode = useMemo(() => problemsByNode(problems, flow.edges), [problems, flow.edges]);

  const patch = useCallback(
    (body: { graph: WorkflowDetail["draft"]; draftRevision: number }) => call<WorkflowDetail>(`/v1/workflows/${encodeURIComponent(workflow.id)}`, { method: "PATCH", body }),
    [call, workflow.id],
  );
  const onSaved = useCallback((w: WorkflowDetail) => {
    setIssues(w.issues);
    setLatestVersion(w.latestVersion);
  }, []);
  const save = useAutosave({ graph: flow.graph, revision: workflow.draftRevision, blockers: unsendable, enabled: perms.canWrite, patch, onSaved });
  const leaveGuard = useLeaveGuard({
    unsaved: save.dirty,
    flush: save.flush,
    reason: save.status.kind === "conflict" ? "it was changed elsewhere" : save.status.kind === "error" ? save.status.message : save.status.kind === "invalid" ? "the draft has problems the API cannot store" : null,
  });
  useUndoKeys({ enabled: perms.canWrite, undo: flow.undo, redo: flow.redo });

  const setJsonError = useCallback((nodeId: string, field: string, message: string | null) => {
    setJsonErrors((m) => {
      const key = `${nodeId}:${field}`;
      const { [key]: _old, ...rest } = m;
      return message ? { ...rest, [key]: { nodeId, field, message } } : rest;
    });
  }, []);

  const hasTrigger = flow.nodes.some((n) => n.data.node.type === "trigger");
  // A trigger starts a workflow: it is never added after or between steps, and only once.
  const pickable = useMemo(() => NODE_TYPES.filter((t) => t !== "trigger" || (!hasTrigger && picker?.kind === "free")), [hasTrigger, picker]);
  const fit = useCallback(() => void rf.fitView({ padding: 0.2, maxZoom: 1, duration: 200 }), [rf]);

  const pick = (type: NodeType) => {
    if (!picker) return;
    if (picker.kind === "after") flow.addAfter(picker.nodeId, type);
    else if (picker.kind === "edge") flow.insertBetween(picker.edgeId, type);
    else flow.addNode(type);
    setPicker(null);
    setView("canvas");
    setTesting(false);
    // After the new node is measured, so the view includes it.
    requestAnimationFrame(fit);
  };
  const onAddAfter = useCallback((nodeId: string) => setPicker({ kind: "after", nodeId }), []);
  const onInsert = useCallback((edgeId: string) => setPicker({ kind: "edge", edgeId }), []);
  const tidyUp = useCallback(() => {
    flow.tidyUp();
    requestAnimationFrame(fit);
  }, [flow, fit]);

  // Entering or leaving full screen resizes the canvas: fit the graph to the new size.
  useEffect(() => {
    const frame = requestAnimationFrame(fit);
    return () => cancelAnimationFrame(frame);
  }, [fullScreen, fit]);

  useCanvasKeys({
    editable: perms.canWrite && view === "canvas",
    fullScreen,
    copy: flow.copy,
    paste: flow.paste,
    selectAll: flow.selectAll,
    addStep: () => setPicker({ kind: "free" }),
    tidy: tidyUp,
    toggleFullScreen: () => setFullScreen((f) => !f),
    exitFullScreen: () => setFullScreen(false),
    showShortcuts: () => setShortcuts(true),
  });

  const unsaved = save.dirty || save.status.kind !== "saved";
  const publishBlocker = problems.length > 0 ? "Fix the problems on the canvas first" : unsaved ? "Waiting for the draft to save" : null;
  const runBlocker = local.length > 0 || Object.keys(jsonErrors).length > 0 ? "Fix the problems on the canvas first" : unsaved ? "Waiting for the draft to save…" : null;
  // Refetched as a test run's steps finish, so the picker and previews see its outputs.
  const runKey = useMemo(() => [...runSteps.values()].map((s) => `${s.nodeId}:${s.status}`).join(","), [runSteps]);
  const lastRun = useLastTestRun(project, workflow.id, runKey);
  const triggerSchema = triggerOf(flow.graph)?.config.inputSchema;
  const sample = useMemo(() => JSON.parse(sampleInput(triggerSchema)) as unknown, [triggerSchema]);
  const selectedNode = flow.nodes.find((n) => n.selected);
  const selectedEdge = selectedNode ? undefined : flow.edges.find((e) => e.selected);
  const readOnly = !perms.canWrite;

  let panel: React.ReactNode;
  if (testing) {
    panel = <TestRunPanel project={project} workflowId={workflow.id} graph={flow.graph} blockedBy={runBlocker} onSteps={setRunSteps} onClose={() => (setTesting(false), setRunSteps(new Map()))} />;
  } else if (selectedNode) {
    const node = selectedNode.data.node;
    panel = (
      <ExpressionEnvProvider value={{ project, workflowId: workflow.id, nodeId: node.id, graph: flow.graph, lastRun, sampleInput: sample, canPreview: perms.canWrite }}>
        <NodePanel
          key={`${node.id}:${flow.restored}`}
          node={node}
          nodes={flow.nodes}
          edges={flow.edges}
          problems={byNode.get(node.id) ?? []}
          project={project}
          readOnly={readOnly}
          onChange={(next) => flow.updateNode(node.id, next)}
          onConnect={(target) => flow.connect({ source: node.id, target, sourceHandle: null, targetHandle: null })}
          onDelete={() => flow.removeNode(node.id)}
          onJsonError={(field, message) => setJsonError(node.id, field, message)}
        />
      </ExpressionEnvProvider>
    );
  } else if (selectedEdge) {
    const source = flow.nodes.find((n) => n.id === selectedEdge.source);
    panel = (
      <EdgePanel
        key={`${selectedEdge.id}:${flow.restored}`}
        edge={selectedEdge}
        conditional={source?.data.node.type === "condition"}
        problems={problems.filter((p) => p.edgeId === selectedEdge.id)}
        readOnly={readOnly}
        onBranch={(b) => flow.setBranch(selectedEdge.id, b)}
        onDelete={() => flow.removeEdge(selectedEdge.id)}
      />
    );
  } else {
    panel = <ProblemsOverview problems={problems} readOnly={readOnly} onSelect={(t) => flow.select(t)} />;
  }

  const pickerTitle =
    picker?.kind === "after"
      ? `Add a step after ${flow.nodes.find((n) => n.id === picker.nodeId)?.data.node.name || picker.nodeId}`
      : picker?.kind === "edge"
        ? "Insert a step on this connection"
        : "Add a step";

  return (
    <div className={cn("grid gap-3", fullScreen && "fixed inset-0 z-40 grid-rows-[auto_1fr] bg-background p-3")} data-testid="workflow-editor" data-full-screen={fullScreen || undefined}>
      {leaveGuard}
      <NodePicker open={picker !== null} title={pickerTitle} types={pickable} onPick={pick} onOpenChange={(open) => !open && setPicker(null)} />
      <ShortcutsSheet open={shortcuts} onOpenChange={setShortcuts} />
      {save.status.kind === "conflict" && (
        <Alert variant="destructive" className="flex flex-wrap items-center gap-3">
          <span className="flex-1">This draft was changed elsewhere — reload to continue. Edits made here since the last save will be lost.</span>
          <Button size="sm" variant="outline" onClick={onReload}>
            <RefreshCw className="size-3.5" aria-hidden /> Reload
          </Button>
        </Alert>
      )}
      <div className="flex flex-wrap items-center gap-2">
        {perms.canWrite && <AddStepButton onClick={() => setPicker({ kind: "free" })} />}
        {perms.canWrite && <UndoRedo canUndo={flow.canUndo} canRedo={flow.canRedo} onUndo={flow.undo} onRedo={flow.redo} />}
        <ViewToggle view={view} onView={setView} />
        <CanvasTools canTidy={perms.canWrite && view === "canvas"} fullScreen={fullScreen} onTidy={tidyUp} onFullScreen={() => setFullScreen((f) => !f)} onShortcuts={() => setShortcuts(true)} />
        <div className="ml-auto flex flex-wrap items-center gap-2">
          {perms.canWrite && <SaveIndicator status={save.status} />}
          {perms.canWrite && perms.canRun && (
            <Button size="sm" variant={testing ? "secondary" : "outline"} aria-pressed={testing} onClick={() => setTesting((t) => !t)}>
              <FlaskConical className="size-3.5" aria-hidden /> Test run
            </Button>
          )}
          {perms.canPublish && (
            <PublishButton project={project} workflowId={workflow.id} nextVersion={latestVersion + 1} blockedBy={publishBlocker} onPublished={(v) => (setLatestVersion(v.number), router.refresh())} />
          )}
        </div>
      </div>
      {/* Below md the inspector is a bottom sheet under the canvas (at most 45% of the editor), not a column that covers it. */}
      <div className={cn("flex flex-col overflow-hidden rounded-lg border bg-card md:flex-row", fullScreen ? "min-h-0" : "h-[min(720px,calc(100vh-14rem))] min-h-[560px] md:min-h-[480px]")}>
        <div className="relative min-h-0 min-w-0 flex-1" data-testid="workflow-canvas">
          {view === "canvas" ? (
            <FlowCanvas
              nodes={flow.nodes}
              edges={flow.edges}
              problems={byNode}
              steps={runSteps}
              editable={perms.canWrite}
              onNodesChange={flow.onNodesChange}
              onEdgesChange={flow.onEdgesChange}
              onConnect={flow.connect}
              isValidConnection={flow.isValidConnection}
              onAddAfter={onAddAfter}
              onInsert={onInsert}
            />
          ) : (
            <JsonView graph={flow.graph} readOnly={readOnly} onApply={(g) => (flow.replace(g), setView("canvas"))} />
          )}
        </div>
        <aside aria-label="Inspector" className="max-h-[45%] w-full shrink-0 overflow-y-auto border-t md:max-h-none md:w-[22rem] md:border-l md:border-t-0">
          {panel}
        </aside>
      </div>
    </div>
  );
}

/** The workflow editor: canvas, forms, JSON, autosave, publish and test runs. */
export function WorkflowEditor({ project, initial, perms }: { project: string; initial: WorkflowDetail; perms: EditorPermissions }) {
  const call = useProjectApi(project);
  const [state, setState] = useState({ workflow: initial, generation: 0 });
  const reload = useMutation({
    mutationFn: () => call<WorkflowDetail>(`/v1/workflows/${encodeURIComponent(initial.id)}`),
    onSuccess: (workflow) => setState((s) => ({ workflow, generation: s.generation + 1 })),
  });
  return (
    <>
      {reload.isError && <Alert variant="destructive">{errorMessage(reload.error)}</Alert>}
      <ReactFlowProvider key={state.generation}>
        <EditorBody project={project} workflow={state.workflow} perms={perms} onReload={() => reload.mutate()} />
      </ReactFlowProvider>
    </>
  );
}
