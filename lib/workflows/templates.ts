import { workflowGraph, type WorkflowGraph } from "@/lib/schemas/workflow-graph";

// Ready-made graphs: the default for a new workflow, and `hello` (seeded demo, engine
// benchmark, tests). Parsed through the schema so defaults (retry, headers…) are filled in.

/** trigger → output: what a new workflow starts as. */
export function defaultGraph(): WorkflowGraph {
  return workflowGraph.parse({
    nodes: [
      { id: "trigger", type: "trigger", name: "Trigger", position: { x: 0, y: 0 }, config: { inputSchema: { type: "object" } } },
      { id: "output", type: "output", name: "Output", position: { x: 0, y: 160 }, config: {} },
    ],
    edges: [{ id: "e_trigger_output", source: "trigger", target: "output" }],
  });
}

/** trigger (requires `name`) → transform (greeting) → output. */
export function helloGraph(): WorkflowGraph {
  return workflowGraph.parse({
    nodes: [
      {
        id: "trigger",
        type: "trigger",
        name: "Trigger",
        position: { x: 0, y: 0 },
        config: {
          inputSchema: {
            type: "object",
            properties: { name: { type: "string", minLength: 1 } },
            required: ["name"],
          },
        },
      },
      {
        id: "greet",
        type: "transform",
        name: "Greet",
        position: { x: 0, y: 160 },
        config: { expression: '{"greeting": "Hello, " & input.name & "!"}' },
      },
      { id: "output", type: "output", name: "Output", position: { x: 0, y: 320 }, config: {} },
    ],
    edges: [
      { id: "e_trigger_greet", source: "trigger", target: "greet" },
      { id: "e_greet_output", source: "greet", target: "output" },
    ],
  });
}
