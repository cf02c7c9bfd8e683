import type { WorkflowTemplateDto } from "@/lib/schemas/workflow-templates";
import { STARTER_TEMPLATES, type StarterTemplate } from "./starter-templates";

/** A template's steps in the order a run meets them (breadth-first from the trigger). */
function stepsInOrder(t: StarterTemplate): WorkflowTemplateDto["steps"] {
  const byId = new Map(t.graph.nodes.map((n) => [n.id, n]));
  const order: string[] = t.graph.nodes.filter((n) => n.type === "trigger").map((n) => n.id);
  for (let i = 0; i < order.length; i++) {
    for (const e of t.graph.edges) if (e.source === order[i] && !order.includes(e.target)) order.push(e.target);
  }
  return order.map((id) => byId.get(id)!).map((n) => ({ id: n.id, type: n.type, name: n.name ?? null }));
}

export function listStarterTemplates(): { data: WorkflowTemplateDto[] } {
  return { data: STARTER_TEMPLATES.map((t) => ({ id: t.id, name: t.name, description: t.description, needs: t.needs, steps: stepsInOrder(t), sampleInput: t.sampleInput, graph: structuredClone(t.graph) })) };
}
