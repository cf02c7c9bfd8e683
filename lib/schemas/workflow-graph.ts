import { z } from "zod";
import "@/lib/core/zod-messages";

// The workflow graph: the one shape shared by the API, the editor, validation and the run
// engine. `formatVersion` lets a future shape be migrated on read; only 1 exists today.
//
// Expressions are JSONata and see `{ input, steps: { <nodeId>: { output } } }`.
// Text templates (prompts, paths, header values, approval messages) interpolate JSONata
// between double braces: "Hello {{ input.name }}".

const GRAPH_FORMAT_VERSION = 1 as const;

export const nodeId = z
  .string()
  .regex(/^[a-z][a-z0-9_]{0,39}$/, "Lower-case letters, digits and _, starting with a letter (max 40)");

/** A JSON Schema document (draft 2020-12 subset, checked with ajv when the graph is validated). */
const jsonSchemaDoc = z.record(z.string(), z.unknown());

const expression = z.string().trim().min(1).max(10_000);
const template = z.string().max(50_000);

const retryPolicy = z.strictObject({
  /** Total tries including the first (1 = no retry). */
  maxAttempts: z.int().min(1).max(10).default(3),
  /** Delay before the 2nd try; doubles each time (with jitter), capped at 60 s. */
  initialDelayMs: z.int().min(0).max(60_000).default(500),
});

const stepLimits = {
  /** Per-attempt timeout. */
  timeoutMs: z.int().min(100).max(600_000).optional(),
  retry: retryPolicy.optional(),
};

const triggerConfig = z.strictObject({
  inputSchema: jsonSchemaDoc.default({ type: "object" }),
});

const llmConfig = z.strictObject({
  /** Explicit provider/model; absent: the project's model setting for `role`. providerId null = platform key. */
  model: z.strictObject({ providerId: z.string().max(64).nullable(), model: z.string().min(1).max(200) }).optional(),
  role: z.string().min(1).max(64).default("default"),
  system: template.optional(),
  prompt: template.min(1),
  temperature: z.number().min(0).max(2).optional(),
  maxTokens: z.int().min(1).max(200_000).optional(),
  /** When set, the model is asked for JSON matching this schema and the output is the parsed object. */
  outputSchema: jsonSchemaDoc.optional(),
  ...stepLimits,
});

export const httpMethod = z.enum(["GET", "POST", "PUT", "PATCH", "DELETE"]);

const httpConfig = z.strictObject({
  /** An API-key, OAuth2 or WhatsApp connection of the project: its base URL and credential are applied at call time. */
  connectionId: z.string().min(1).max(64),
  method: httpMethod.default("GET"),
  /** Appended to the connection's base URL; a template. */
  path: template.min(1).max(2048),
  /** Header values are templates. Credential headers come from the connection, never from here. */
  headers: z.record(z.string().regex(/^[A-Za-z0-9-]{1,64}$/), template.max(4096)).default({}),
  /** A JSONata expression whose result is sent as the JSON body (methods with a body). */
  body: expression.optional(),
  ...stepLimits,
});

/** SHA-256 (hex) of a tool's canonical input schema. */
export const toolSchemaHash = z.string().regex(/^[a-f0-9]{64}$/);

const toolConfig = z.strictObject({
  /** An MCP instance of the project (`mcp_…`): its connection's credential is applied at call time. */
  instanceId: z.string().min(1).max(64),
  /** The tool, by the name the instance's last sync found. */
  tool: z.string().min(1).max(128),
  /** A JSONata expression whose result (an object) is the tool's arguments; absent: no arguments. */
  arguments: expression.optional(),
  /**
   * The tool's input-schema hash the arguments were built for. Publishing pins it; a run of the
   * version fails the step with `tool_schema_changed` once the synced schema differs.
   */
  schemaHash: toolSchemaHash.optional(),
  /** For `approval_required` tools: the minimum project role that may approve a call. */
  approverRole: z.enum(["project_admin", "project_contributor"]).default("project_admin"),
  /** For `approval_required` tools: whether the user who started the run may approve its calls (a token never approves a run it started through MCP). */
  allowSelfApproval: z.boolean().default(false),
  ...stepLimits,
});

const transformConfig = z.strictObject({ expression });

/** The expression's result picks the outgoing edge whose `branch` equals it (booleans as "true"/"false"), else the "default" edge. */
const conditionConfig = z.strictObject({ expression });

const approvalConfig = z.strictObject({
  message: template.min(1).max(4000),
  /** Minimum project role that may decide. */
  approverRole: z.enum(["project_admin", "project_contributor"]).default("project_admin"),
  expiresInSeconds: z.int().min(60).max(30 * 24 * 3600).default(24 * 3600),
  /** Whether the user who started the run may approve it. */
  allowSelfApproval: z.boolean().default(false),
});

const outputConfig = z.strictObject({
  /** The run's output; absent: the output of the step before. */
  expression: expression.optional(),
});

const position = z.strictObject({ x: z.number().finite(), y: z.number().finite() });
const base = { id: nodeId, name: z.string().max(100).optional(), position: position.default({ x: 0, y: 0 }) };

export const workflowNode = z.discriminatedUnion("type", [
  z.strictObject({ ...base, type: z.literal("trigger"), config: triggerConfig }),
  z.strictObject({ ...base, type: z.literal("llm"), config: llmConfig }),
  z.strictObject({ ...base, type: z.literal("http"), config: httpConfig }),
  z.strictObject({ ...base, type: z.literal("tool"), config: toolConfig }),
  z.strictObject({ ...base, type: z.literal("transform"), config: transformConfig }),
  z.strictObject({ ...base, type: z.literal("condition"), config: conditionConfig }),
  z.strictObject({ ...base, type: z.literal("approval"), config: approvalConfig }),
  z.strictObject({ ...base, type: z.literal("output"), config: outputConfig }),
]);

export const NODE_TYPES = ["trigger", "llm", "http", "tool", "transform", "condition", "approval", "output"] as const;
export type NodeType = (typeof NODE_TYPES)[number];

const workflowEdge = z.strictObject({
  id: z.string().min(1).max(100),
  source: nodeId,
  target: nodeId,
  /** Only on edges leaving a condition node. */
  branch: z.string().min(1).max(100).optional(),
});

export const workflowGraph = z.strictObject({
  formatVersion: z.literal(GRAPH_FORMAT_VERSION).default(GRAPH_FORMAT_VERSION),
  nodes: z.array(workflowNode).max(200),
  edges: z.array(workflowEdge).max(1000),
});

/**
 * A draft as it may be saved: the same envelope, ids, types and edges, but a step's `config` may
 * be unfinished (an empty prompt, a missing connection). Its field errors are reported as
 * `invalid_config` issues; publishing needs a graph that passes `workflowGraph`.
 */
const draftNode = z.strictObject({ ...base, type: z.enum(NODE_TYPES), config: z.record(z.string(), z.unknown()) });
export const draftGraph = z.strictObject({
  formatVersion: z.literal(GRAPH_FORMAT_VERSION).default(GRAPH_FORMAT_VERSION),
  nodes: z.array(draftNode).max(200),
  edges: z.array(workflowEdge).max(1000),
});
export type DraftGraph = z.infer<typeof draftGraph>;

export type WorkflowGraph = z.infer<typeof workflowGraph>;
export type WorkflowNode = z.infer<typeof workflowNode>;
export type WorkflowEdge = z.infer<typeof workflowEdge>;
export type NodeOf<T extends NodeType> = Extract<WorkflowNode, { type: T }>;

/** A problem found by semantic validation, attached to a node or edge when it has one. */
export const graphIssue = z.object({
  code: z.enum(["invalid_config", "cycle", "unreachable", "unknown_reference", "unknown_connection", "unknown_tool", "tool_denied", "missing_trigger", "multiple_triggers", "missing_output", "duplicate_id", "invalid_expression", "invalid_schema", "invalid_branch", "invalid_edge"]),
  message: z.string(),
  nodeId: z.string().optional(),
  edgeId: z.string().optional(),
  /** For `invalid_config`: the config field at fault (`prompt`, `headers.X-Id`, …). */
  field: z.string().optional(),
});
export type GraphIssue = z.infer<typeof graphIssue>;
