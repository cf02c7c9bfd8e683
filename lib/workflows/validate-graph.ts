import { tenantWhere, type TenantRef } from "@/lib/core/scope";
import { db, type Tx } from "@/lib/db/client";
import type { DraftGraph, GraphIssue, WorkflowGraph } from "@/lib/schemas/workflow-graph";
import { expressionSyntaxError, referencedSteps } from "./expressions";
import { cyclicNodes, downstreamOf, upstreamIndex } from "./graph";
import { jsonSchemaError } from "./json-schema";
import { nodeExpressions, nodeSchemas } from "./node-expressions";
import { parseDraft } from "./parse-draft";

// Semantic validation of a graph whose steps passed the zod schema (or are marked unfinished). Drafts may carry issues
// (they are saved and shown); publishing requires none. Issues are reported, never thrown.

type Add = (code: GraphIssue["code"], message: string, at?: { nodeId?: string; edgeId?: string }) => void;

function collector(): { issues: GraphIssue[]; add: Add } {
  const issues: GraphIssue[] = [];
  return { issues, add: (code, message, at = {}) => issues.push({ code, message, ...at }) };
}

function checkIdsAndCounts(graph: WorkflowGraph, add: Add) {
  const nodeIds = new Set<string>();
  for (const n of graph.nodes) {
    if (nodeIds.has(n.id)) add("duplicate_id", `Two steps have the id "${n.id}"`, { nodeId: n.id });
    nodeIds.add(n.id);
  }
  const edgeIds = new Set<string>();
  for (const e of graph.edges) {
    if (edgeIds.has(e.id)) add("duplicate_id", `Two edges have the id "${e.id}"`, { edgeId: e.id });
    edgeIds.add(e.id);
  }
  const triggers = graph.nodes.filter((n) => n.type === "trigger");
  if (triggers.length === 0) add("missing_trigger", "The workflow needs a trigger step");
  for (const extra of triggers.slice(1)) add("multiple_triggers", `Only one trigger is allowed; "${extra.id}" is another one`, { nodeId: extra.id });
  if (!graph.nodes.some((n) => n.type === "output")) add("missing_output", "The workflow needs at least one output step");
}

function checkEdges(graph: WorkflowGraph, add: Add) {
  const types = new Map(graph.nodes.map((n) => [n.id, n.type]));
  const pairs = new Set<string>();
  const branches = new Set<string>();
  for (const e of graph.edges) {
    const sourceType = types.get(e.source);
    if (!sourceType) add("unknown_reference", `Edge "${e.id}" starts at an unknown step "${e.source}"`, { edgeId: e.id });
    if (!types.has(e.target)) add("unknown_reference", `Edge "${e.id}" ends at an unknown step "${e.target}"`, { edgeId: e.id });
    if (sourceType === "condition") {
      if (e.branch === undefined) add("invalid_branch", `Edge "${e.id}" leaves condition "${e.source}" without a branch`, { edgeId: e.id });
      else if (branches.has(`${e.source}\u0000${e.branch}`)) add("invalid_branch", `Condition "${e.source}" has two "${e.branch}" branches`, { edgeId: e.id });
      else branches.add(`${e.source}\u0000${e.branch}`);
    } else if (e.branch !== undefined && sourceType) {
      add("invalid_branch", `Edge "${e.id}" has a branch but "${e.source}" is not a condition`, { edgeId: e.id });
    }
    if (sourceType === "output") add("invalid_edge", `Output "${e.source}" ends the run: it cannot lead to another step`, { edgeId: e.id });
    const pair = `${e.source}\u0000${e.target}\u0000${e.branch ?? ""}`;
    if (pairs.has(pair)) add("invalid_edge", `Edge "${e.id}" repeats another edge from "${e.source}" to "${e.target}"`, { edgeId: e.id });
    pairs.add(pair);
  }
}

function checkShape(graph: WorkflowGraph, add: Add) {
  for (const id of cyclicNodes(graph)) add("cycle", `Step "${id}" is part of a cycle`, { nodeId: id });
  const triggers = graph.nodes.filter((n) => n.type === "trigger");
  if (triggers.length === 0) return;
  const reachable = new Set(triggers.map((t) => t.id));
  for (const t of triggers) for (const id of downstreamOf(graph, t.id)) reachable.add(id);
  for (const n of graph.nodes) {
    if (!reachable.has(n.id)) add("unreachable", `Step "${n.id}" cannot be reached from the trigger`, { nodeId: n.id });
  }
}

function checkExpressions(graph: WorkflowGraph, add: Add, unfinished: Set<string>) {
  const ids = new Set(graph.nodes.map((n) => n.id));
  const upstream = upstreamIndex(graph);
  for (const node of graph.nodes) {
    if (unfinished.has(node.id)) continue;
    for (const { field, expression } of nodeExpressions(node)) {
      const syntax = expressionSyntaxError(expression);
      if (syntax) {
        add("invalid_expression", `${field}: ${syntax}`.slice(0, 500), { nodeId: node.id });
        continue;
      }
      let refs: string[];
      try {
        refs = referencedSteps(expression);
      } catch {
        add("invalid_expression", `${field}: the expression is nested too deeply`, { nodeId: node.id });
        continue;
      }
      for (const ref of refs) {
        if (!ids.has(ref)) add("unknown_reference", `${field}: there is no step "${ref}"`, { nodeId: node.id });
        else if (!upstream(node.id).has(ref)) add("unknown_reference", `${field}: step "${ref}" does not run before "${node.id}"`, { nodeId: node.id });
      }
    }
  }
}

function checkSchemas(graph: WorkflowGraph, add: Add, unfinished: Set<string>) {
  for (const node of graph.nodes) {
    if (unfinished.has(node.id)) continue;
    for (const { field, schema } of nodeSchemas(node)) {
      const error = jsonSchemaError(schema);
      if (error) add("invalid_schema", `${field}: ${error}`, { nodeId: node.id });
    }
  }
}

/**
 * Issues that need no database: structure, expressions, schemas. Steps named in `unfinished`
 * (config not yet valid, see parse-draft.ts) count for the structure only.
 */
export function graphStructureIssues(graph: WorkflowGraph, unfinished: Set<string> = new Set()): GraphIssue[] {
  const { issues, add } = collector();
  checkIdsAndCounts(graph, add);
  checkEdges(graph, add);
  checkShape(graph, add);
  checkExpressions(graph, add, unfinished);
  checkSchemas(graph, add, unfinished);
  return issues;
}

/**
 * HTTP steps need a callable (API-key, OAuth2 or WhatsApp) connection of the project; LLM steps
 * a provider of the workspace; tool steps a synced tool of one of the project's MCP instances.
 */
async function resourceIssues(all: WorkflowGraph, scope: TenantRef, tx: Tx, unfinished: Set<string>): Promise<GraphIssue[]> {
  const { issues, add } = collector();
  const graph = { ...all, nodes: all.nodes.filter((n) => !unfinished.has(n.id)) };
  const connectionIds = [...new Set(graph.nodes.flatMap((n) => (n.type === "http" ? [n.config.connectionId] : [])))];
  const providerIds = [...new Set(graph.nodes.flatMap((n) => (n.type === "llm" && n.config.model?.providerId ? [n.config.model.providerId] : [])))];
  const toolRefs = graph.nodes.flatMap((n) => (n.type === "tool" ? [{ instanceId: n.config.instanceId, name: n.config.tool }] : []));
  const [connections, providers, tools] = await Promise.all([
    connectionIds.length
      ? tx.connection.findMany({
          where: { id: { in: connectionIds }, ...tenantWhere(scope), type: { in: ["api_key", "oauth2", "whatsapp"] } },
          select: { id: true },
        })
      : [],
    providerIds.length ? tx.llmProvider.findMany({ where: { id: { in: providerIds }, workspaceId: scope.workspace.id }, select: { id: true } }) : [],
    toolRefs.length
      ? tx.mcpTool.findMany({ where: { ...tenantWhere(scope), removedAt: null, OR: toolRefs }, select: { instanceId: true, name: true, policy: true } })
      : [],
  ]);
  const knownTools = new Map(tools.map((t) => [`${t.instanceId}/${t.name}`, t]));
  const knownConnections = new Set(connections.map((c) => c.id));
  const knownProviders = new Set(providers.map((p) => p.id));
  for (const n of graph.nodes) {
    if (n.type === "http" && !knownConnections.has(n.config.connectionId)) {
      add("unknown_connection", `connectionId: "${n.config.connectionId}" is not an API-key, OAuth2 or WhatsApp connection of this project`, { nodeId: n.id });
    }
    if (n.type === "tool") {
      const tool = knownTools.get(`${n.config.instanceId}/${n.config.tool}`);
      if (!tool) add("unknown_tool", `tool: "${n.config.tool}" is not a synced tool of MCP instance "${n.config.instanceId}" in this project`, { nodeId: n.id });
      else if (tool.policy === "deny") add("tool_denied", `tool: "${n.config.tool}" is denied by its policy`, { nodeId: n.id });
    }
    const providerId = n.type === "llm" ? n.config.model?.providerId : null;
    if (providerId && !knownProviders.has(providerId)) add("unknown_reference", `model.providerId: "${providerId}" is not a provider of this workspace`, { nodeId: n.id });
  }
  return issues;
}

/** Every issue of the graph in the context of its project (connections, providers). */
export async function validateGraph(graph: WorkflowGraph, scope: TenantRef, tx: Tx = db, unfinished: Set<string> = new Set()): Promise<GraphIssue[]> {
  return [...graphStructureIssues(graph, unfinished), ...(await resourceIssues(graph, scope, tx, unfinished))];
}

/** A saved draft's issues: its unfinished steps' field errors first, then everything else. */
export async function validateDraft(draft: DraftGraph, scope: TenantRef, tx: Tx = db): Promise<{ graph: WorkflowGraph; issues: GraphIssue[] }> {
  const parsed = parseDraft(draft);
  return { graph: parsed.graph, issues: [...parsed.issues, ...(await validateGraph(parsed.graph, scope, tx, parsed.unfinished))] };
}
