"use client";
import { useState } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { workflowGraph, type WorkflowGraph } from "@/lib/schemas/workflow-graph";
import { TextArea } from "../forms/kit";

/** Where a schema issue points, in words: "nodes[2] (greet).config.expression". */
function where(graph: unknown, path: PropertyKey[]): string {
  const [list, index, ...rest] = path;
  const items = (graph as Record<string, unknown> | null)?.[String(list)];
  const id = Array.isArray(items) && typeof index === "number" ? (items[index] as { id?: unknown } | undefined)?.id : undefined;
  const head = typeof index === "number" ? `${String(list)}[${index}]${typeof id === "string" ? ` (${id})` : ""}` : String(list ?? "graph");
  return [head, ...rest.map(String)].join(".");
}

/**
 * The whole graph as JSON. Edits are checked with the same schema the API uses and applied
 * only when they pass, so a typo never reaches the canvas or the saved draft.
 */
export function JsonView({ graph, readOnly, onApply }: { graph: WorkflowGraph; readOnly: boolean; onApply?: (g: WorkflowGraph) => void }) {
  const pretty = JSON.stringify(graph, null, 2);
  const [text, setText] = useState<string | null>(null);
  const [errors, setErrors] = useState<string[]>([]);
  const shown = text ?? pretty;

  const apply = () => {
    let raw: unknown;
    try {
      raw = JSON.parse(shown);
    } catch (err) {
      return setErrors([`Not valid JSON: ${(err as Error).message}`]);
    }
    const parsed = workflowGraph.safeParse(raw);
    if (!parsed.success) return setErrors(parsed.error.issues.slice(0, 20).map((i) => `${where(raw, i.path)}: ${i.message}`));
    setErrors([]);
    setText(null);
    onApply?.(parsed.data);
  };

  return (
    <div className="flex h-full flex-col gap-2 p-3">
      <TextArea
        aria-label="Workflow graph JSON"
        value={shown}
        onChange={(e) => setText(e.target.value)}
        readOnly={readOnly}
        className="min-h-0 flex-1 resize-none font-mono text-xs leading-relaxed"
      />
      {errors.length > 0 && (
        <Alert variant="destructive" data-testid="json-errors">
          <ul className="grid gap-0.5 font-mono text-xs">
            {errors.map((e, i) => (
              <li key={i}>{e}</li>
            ))}
          </ul>
        </Alert>
      )}
      {!readOnly && (
        <div className="flex items-center justify-end gap-2">
          {text !== null && (
            <Button type="button" variant="ghost" size="sm" onClick={() => (setText(null), setErrors([]))}>
              Discard changes
            </Button>
          )}
          <Button type="button" size="sm" disabled={text === null} onClick={apply}>
            Apply JSON
          </Button>
        </div>
      )}
    </div>
  );
}
