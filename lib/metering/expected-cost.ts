import { pricing } from "@/lib/billing/pricing";
import { findCatalogModel, MODEL_CATALOG, type CatalogModel } from "@/lib/llm/catalog";
import type { LlmVendor } from "@/lib/generated/prisma/enums";
import type { WorkflowGraph, WorkflowNode } from "@/lib/schemas/workflow-graph";
import { DEFAULT_LLM_MAX_TOKENS, httpCallEstimate, llmEstimate, toolCallEstimate } from "./estimate";

// What a run is expected to spend, known before it starts: the credits it holds from admission
// to its end (lib/billing/credits.ts). Its budget stays the stop (check-budget.ts); the hold only
// keeps concurrent runs from being admitted beyond what the balance covers.
//
// Every node once, at its worst case where that is known before the run: the step price, the
// flat http/tool price, and for a model call its configured model (the catalog's priciest when
// the project's model setting decides) with the prompt template plus the run input as prompt,
// and maxTokens (the default when unset) out. Retries and loops are not expected.

const VENDORS = [...new Set(MODEL_CATALOG.map((m) => m.vendor))] as LlmVendor[];

/** The dearest catalog entry: the price assumed when the model is chosen at run time. */
const dearest = (): CatalogModel => MODEL_CATALOG.reduce((a, b) => (b.inputMicrosPerMTok + b.outputMicrosPerMTok > a.inputMicrosPerMTok + a.outputMicrosPerMTok ? b : a));

function modelOf(name: string | undefined): CatalogModel {
  if (name) for (const v of VENDORS) {
    const m = findCatalogModel(v, name);
    if (m) return m;
  }
  return dearest();
}

function nodeCost(node: WorkflowNode, inputChars: number): bigint {
  const step = pricing().stepPrice;
  if (node.type === "http") return step + httpCallEstimate();
  if (node.type === "tool") return step + toolCallEstimate();
  if (node.type !== "llm") return step;
  const c = node.config;
  const promptChars = c.prompt.length + (c.system?.length ?? 0) + inputChars;
  // A model on a workspace's own provider is not charged; unknown until run time otherwise.
  const keySource = c.model?.providerId ? "workspace" : "platform";
  return step + llmEstimate(modelOf(c.model?.model), promptChars, c.maxTokens ?? DEFAULT_LLM_MAX_TOKENS, keySource);
}

/** The expected spend of one run of `graph` with `input` (usd_micros), capped at its budget. */
export function expectedRunCost(graph: WorkflowGraph, input: unknown, budget: bigint): bigint {
  const inputChars = JSON.stringify(input ?? {}).length;
  let total = 0n;
  for (const node of graph.nodes) total += nodeCost(node, inputChars);
  return total < budget ? total : budget;
}
