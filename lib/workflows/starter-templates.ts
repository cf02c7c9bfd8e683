import type { DraftGraph } from "@/lib/schemas/workflow-graph";

// The templates gallery: starter workflows a user creates in one click (POST /v1/workflows with
// `templateId`). Each graph uses only step kinds the engine runs. A value only the user can give
// (a connection, an MCP instance and tool) is left empty: the draft is saved with that one
// `invalid_config` issue and publishes once it is filled. LLM steps use the project's model
// setting (role `default`), so they publish as they are and need a model setting to run.
// test/workflows/starter-templates.test.ts validates every graph and runs those that need no
// external service through the real engine.

export type StarterTemplate = {
  id: string;
  name: string;
  description: string;
  /** What the user must provide before publishing or running; empty: runs as it is. */
  needs: string[];
  /** A run input that matches the trigger's schema, to try it. */
  sampleInput: Record<string, unknown>;
  graph: DraftGraph;
};

type Node = DraftGraph["nodes"][number];
type Step = Omit<Node, "position"> & { at: [number, number] };

/**
 * Nodes at grid positions (lane, depth) and edges from "a>b" / "a>b:branch" strings. Drawn left
 * to right like the editor: depth is the column, lanes stack branches (a true branch's lane above
 * its false one's).
 */
function build(steps: Step[], edges: string[]): DraftGraph {
  return {
    formatVersion: 1,
    nodes: steps.map(({ at, ...n }) => ({ ...n, position: { x: at[1] * 300, y: at[0] * 130 } })),
    edges: edges.map((e) => {
      const [pair, branch] = e.split(":");
      const [source, target] = pair.split(">");
      return { id: `e_${source}_${target}`, source, target, ...(branch ? { branch } : {}) };
    }),
  };
}

const object = (properties: Record<string, unknown>, required: string[]) => ({ type: "object", properties, required });

const supportTriage: StarterTemplate = {
  id: "support-triage",
  name: "Support triage",
  description: "A ticket comes in by webhook, an LLM classifies it; refunds wait for an admin's approval, then go to your helpdesk over HTTP.",
  needs: ["An HTTP connection (API key or OAuth 2.0) for the Refund step", "A model setting for the project (role default)"],
  sampleInput: { subject: "Charged twice", body: "I was billed twice for my March invoice, please refund one.", amount: 49 },
  graph: build(
    [
      { id: "trigger", type: "trigger", name: "Ticket", at: [1, 0], config: { inputSchema: object({ subject: { type: "string", minLength: 1 }, body: { type: "string" }, amount: { type: "number" } }, ["subject", "body"]) } },
      {
        id: "classify",
        type: "llm",
        name: "Classify",
        at: [1, 1],
        config: {
          role: "default",
          system: "You triage customer support tickets.",
          prompt: "Classify this ticket.\nSubject: {{ input.subject }}\n\n{{ input.body }}",
          outputSchema: object({ category: { type: "string", enum: ["refund", "bug", "question"] }, summary: { type: "string" } }, ["category", "summary"]),
        },
      },
      { id: "route", type: "condition", name: "Refund?", at: [1, 2], config: { expression: 'steps.classify.output.category = "refund"' } },
      { id: "approve", type: "approval", name: "Approve refund", at: [0, 3], config: { message: "Refund {{ input.amount }} for \"{{ input.subject }}\"? {{ steps.classify.output.summary }}", approverRole: "project_admin", expiresInSeconds: 86400, allowSelfApproval: false } },
      { id: "refund", type: "http", name: "Refund", at: [0, 4], config: { connectionId: "", method: "POST", path: "/refunds", headers: {}, body: '{"subject": input.subject, "amount": input.amount}' } },
      { id: "done", type: "output", name: "Refunded", at: [0, 5], config: { expression: '{"category": "refund", "status": steps.refund.output.status}' } },
      { id: "reply", type: "output", name: "Triaged", at: [2, 3], config: { expression: "steps.classify.output" } },
    ],
    ["trigger>classify", "classify>route", "route>approve:true", "route>reply:false", "approve>refund", "refund>done"],
  ),
};

const digest: StarterTemplate = {
  id: "daily-digest",
  name: "Daily digest",
  description: "Turns a list of items into a short digest with an LLM. Start it from your scheduler (cron, CI) through the API or an inbound webhook.",
  needs: ["A model setting for the project (role default)"],
  sampleInput: { items: [{ title: "Release 2.4 shipped", url: "https://example.com/2.4" }, { title: "Incident review on Friday" }] },
  graph: build(
    [
      { id: "trigger", type: "trigger", name: "Items", at: [0, 0], config: { inputSchema: object({ items: { type: "array", minItems: 1, items: object({ title: { type: "string" }, url: { type: "string" } }, ["title"]) } }, ["items"]) } },
      { id: "lines", type: "transform", name: "Bullet list", at: [0, 1], config: { expression: '$join([input.items.("- " & title & (url ? " (" & url & ")" : ""))], "\\n")' } },
      { id: "summarize", type: "llm", name: "Summarize", at: [0, 2], config: { role: "default", system: "You write brief, friendly team digests.", prompt: "Write a digest of these items in at most 5 sentences:\n{{ steps.lines.output }}", maxTokens: 400 } },
      { id: "output", type: "output", name: "Digest", at: [0, 3], config: { expression: '{"digest": steps.summarize.output, "count": $count(input.items)}' } },
    ],
    ["trigger>lines", "lines>summarize", "summarize>output"],
  ),
};

const mcpTool: StarterTemplate = {
  id: "mcp-tool-call",
  name: "MCP tool call",
  description: "Calls a tool of one of your MCP instances with arguments built from the input, and returns its structured result.",
  needs: ["An MCP instance of the project and one of its synced tools (Tool step)"],
  sampleInput: { query: "open invoices" },
  graph: build(
    [
      { id: "trigger", type: "trigger", name: "Request", at: [0, 0], config: { inputSchema: object({ query: { type: "string", minLength: 1 } }, ["query"]) } },
      { id: "call", type: "tool", name: "Call tool", at: [0, 1], config: { instanceId: "", tool: "", arguments: '{"query": input.query}', approverRole: "project_admin", allowSelfApproval: false } },
      { id: "output", type: "output", name: "Result", at: [0, 2], config: { expression: "steps.call.output.structuredContent ? steps.call.output.structuredContent : steps.call.output.content" } },
    ],
    ["trigger>call", "call>output"],
  ),
};

const orderPipeline: StarterTemplate = {
  id: "order-pipeline",
  name: "Validate and total an order",
  description: "Checks an order against a JSON Schema, computes its lines and total, and flags large orders for review. Runs as it is.",
  needs: [],
  sampleInput: { orderId: "A-1001", lines: [{ sku: "pen", qty: 3, price: 2.5 }, { sku: "desk", qty: 1, price: 1200 }] },
  graph: build(
    [
      {
        id: "trigger",
        type: "trigger",
        name: "Order",
        at: [1, 0],
        config: {
          inputSchema: object(
            {
              orderId: { type: "string", minLength: 1 },
              lines: { type: "array", minItems: 1, items: object({ sku: { type: "string", minLength: 1 }, qty: { type: "integer", minimum: 1 }, price: { type: "number", minimum: 0 } }, ["sku", "qty", "price"]) },
            },
            ["orderId", "lines"],
          ),
        },
      },
      { id: "totals", type: "transform", name: "Compute totals", at: [1, 1], config: { expression: '{"orderId": input.orderId, "lines": [input.lines.{"sku": sku, "amount": qty * price}], "total": $sum(input.lines.(qty * price))}' } },
      { id: "check", type: "condition", name: "Over 1,000?", at: [1, 2], config: { expression: "steps.totals.output.total > 1000" } },
      { id: "review", type: "output", name: "Needs review", at: [0, 3], config: { expression: '$merge([steps.totals.output, {"status": "review"}])' } },
      { id: "accept", type: "output", name: "Accepted", at: [2, 3], config: { expression: '$merge([steps.totals.output, {"status": "accepted"}])' } },
    ],
    ["trigger>totals", "totals>check", "check>review:true", "check>accept:false"],
  ),
};

const expenseApproval: StarterTemplate = {
  id: "expense-approval",
  name: "Expense approval",
  description: "A person asks for an expense; a project admin (not the requester) approves or rejects it in Approvals, and the run records the decision.",
  needs: [],
  sampleInput: { requester: "Ada", amount: 120, reason: "Conference ticket" },
  graph: build(
    [
      { id: "trigger", type: "trigger", name: "Request", at: [0, 0], config: { inputSchema: object({ requester: { type: "string", minLength: 1 }, amount: { type: "number", exclusiveMinimum: 0 }, reason: { type: "string", minLength: 1 } }, ["requester", "amount", "reason"]) } },
      { id: "approve", type: "approval", name: "Approve expense", at: [0, 1], config: { message: "{{ input.requester }} asks for {{ input.amount }} USD: {{ input.reason }}", approverRole: "project_admin", expiresInSeconds: 259200, allowSelfApproval: false } },
      { id: "output", type: "output", name: "Decision", at: [0, 2], config: { expression: '{"requester": input.requester, "amount": input.amount, "approved": steps.approve.output.approved, "comment": steps.approve.output.comment}' } },
    ],
    ["trigger>approve", "approve>output"],
  ),
};

const forwarder: StarterTemplate = {
  id: "webhook-forwarder",
  name: "Webhook forwarder",
  description: "Receives any JSON event (add an inbound webhook URL under Inbound), reshapes it and forwards it to your service over HTTP.",
  needs: ["An HTTP connection (API key or OAuth 2.0) for the Forward step"],
  sampleInput: { type: "invoice.paid", data: { id: "in_1", amount: 4900 } },
  graph: build(
    [
      { id: "trigger", type: "trigger", name: "Event", at: [0, 0], config: { inputSchema: object({ type: { type: "string", minLength: 1 }, data: { type: "object" } }, ["type"]) } },
      { id: "shape", type: "transform", name: "Reshape", at: [0, 1], config: { expression: '{"event": input.type, "payload": input.data, "receivedAt": $now()}' } },
      { id: "forward", type: "http", name: "Forward", at: [0, 2], config: { connectionId: "", method: "POST", path: "/events", headers: { "X-Event-Type": "{{ input.type }}" }, body: "steps.shape.output", retry: { maxAttempts: 3, initialDelayMs: 500 } } },
      { id: "output", type: "output", name: "Delivered", at: [0, 3], config: { expression: '{"status": steps.forward.output.status}' } },
    ],
    ["trigger>shape", "shape>forward", "forward>output"],
  ),
};

const leadRouter: StarterTemplate = {
  id: "lead-router",
  name: "Lead scoring and routing",
  description: "Scores a sign-up from its company size and e-mail domain and routes it to sales or to nurturing. Runs as it is.",
  needs: [],
  sampleInput: { email: "nora@acme.io", company: "Acme", employees: 250 },
  graph: build(
    [
      { id: "trigger", type: "trigger", name: "Sign-up", at: [1, 0], config: { inputSchema: object({ email: { type: "string", minLength: 3 }, company: { type: "string" }, employees: { type: "integer", minimum: 0 } }, ["email"]) } },
      {
        id: "score",
        type: "transform",
        name: "Score",
        at: [1, 1],
        config: { expression: '(\n  $free := $contains($lowercase(input.email), /@(gmail|yahoo|hotmail|outlook)\\./);\n  {"email": input.email, "company": input.company, "score": ($free ? 0 : 40) + (input.employees >= 200 ? 50 : input.employees >= 20 ? 25 : 0)}\n)' },
      },
      { id: "route", type: "condition", name: "Score ≥ 60?", at: [1, 2], config: { expression: "steps.score.output.score >= 60" } },
      { id: "sales", type: "output", name: "To sales", at: [0, 3], config: { expression: '$merge([steps.score.output, {"route": "sales"}])' } },
      { id: "nurture", type: "output", name: "To nurture", at: [2, 3], config: { expression: '$merge([steps.score.output, {"route": "nurture"}])' } },
    ],
    ["trigger>score", "score>route", "route>sales:true", "route>nurture:false"],
  ),
};

/** Every template, in gallery order. */
export const STARTER_TEMPLATES: readonly StarterTemplate[] = [orderPipeline, supportTriage, expenseApproval, leadRouter, forwarder, digest, mcpTool];

export function findStarterTemplate(id: string): StarterTemplate | undefined {
  return STARTER_TEMPLATES.find((t) => t.id === id);
}
