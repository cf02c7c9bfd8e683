import { pricing } from "@/lib/billing/pricing";
import { httpCallEstimate, toolCallEstimate } from "@/lib/metering/estimate";

// The engine's part of budgeting: what a workflow step itself costs. Ceilings, the exceed
// check and call estimates are lib/metering's (shared with every other budget owner).

/** Worst-case charge of a step of this type, excluding its model call. */
export function stepEstimate(nodeType: string): bigint {
  return pricing().stepPrice + (nodeType === "http" ? httpCallEstimate() : nodeType === "tool" ? toolCallEstimate() : 0n);
}
