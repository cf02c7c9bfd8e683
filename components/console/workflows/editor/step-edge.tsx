"use client";
import { BaseEdge, EdgeLabelRenderer, getSmoothStepPath, type EdgeProps } from "@xyflow/react";
import { useState } from "react";
import { cn } from "@/components/ui/cn";
import { useCanvasState } from "./canvas-context";
import type { FlowEdge } from "./graph-model";
import { PlusButton } from "./plus-button";

/**
 * A connection drawn in right angles with rounded corners (it runs between the columns the
 * layout leaves free instead of across steps), its branch label, and — on an editable canvas —
 * a "+" in the middle that inserts a step there. The "+" shows while the connection is hovered
 * or selected, or the button has focus.
 */
export function StepEdge({ id, sourceX, sourceY, targetX, targetY, sourcePosition, targetPosition, markerEnd, style, selected, data }: EdgeProps<FlowEdge>) {
  const { onInsert } = useCanvasState();
  const [hover, setHover] = useState(false);
  const [path, labelX, labelY] = getSmoothStepPath({ sourceX, sourceY, sourcePosition, targetX, targetY, targetPosition, borderRadius: 10, offset: 24 });
  const branch = data?.branch;
  const shown = hover || selected;
  return (
    <>
      <g onMouseEnter={() => setHover(true)} onMouseLeave={() => setHover(false)}>
        <BaseEdge id={id} path={path} markerEnd={markerEnd} style={{ strokeWidth: selected ? 2 : 1.5, ...style }} interactionWidth={24} />
      </g>
      <EdgeLabelRenderer>
        <div
          className="nodrag nopan pointer-events-none absolute flex items-center gap-1"
          style={{ transform: `translate(-50%, -50%) translate(${labelX}px, ${labelY}px)` }}
          onMouseEnter={() => setHover(true)}
          onMouseLeave={() => setHover(false)}
        >
          {branch && (
            <span data-testid={`edge-label-${id}`} className="pointer-events-auto rounded-full border bg-card px-2 py-0.5 font-mono text-[11px] leading-none text-muted-foreground shadow-xs">
              {branch}
            </span>
          )}
          {onInsert && (
            <PlusButton
              data-testid={`insert-on-${id}`}
              aria-label={`Insert a step on the connection ${id}`}
              title="Insert a step here"
              onClick={() => onInsert(id)}
              className={cn("transition-opacity focus-visible:opacity-100", shown ? "pointer-events-auto opacity-100" : "opacity-0 focus-visible:pointer-events-auto")}
            />
          )}
        </div>
      </EdgeLabelRenderer>
    </>
  );
}

export const EDGE_TYPES_MAP = { step: StepEdge };
