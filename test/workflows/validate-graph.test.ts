import { beforeAll, describe, expect, it } from "vitest";
import type { GraphIssue } from "@/lib/schemas/workflow-graph";
import { graphStructureIssues, validateGraph } from "@/lib/workflows/validate-graph";
import { defaultGraph, helloGraph } from "@/lib/workflows/templates";
import { createTestProvider } from "@/test/factories/providers";
import { tenant, type Tenant } from "@/test/support/world";
import { approval, chain, condition, edge, graph, http, insertConnection, llm, output, transform, trigger } from "./graphs";

const codes = (issues: GraphIssue[]) => issues.map((i) => i.code);

describe("graphStructureIssues: one case per issue code", () => {
  it("accepts the templates and a graph using every node type", () => {
    expect(graphStructureIssues(defaultGraph())).toEqual([]);
    expect(graphStructureIssues(helloGraph())).toEqual([]);
    const g = graph(
      [
        trigger("trigger", { type: "object", properties: { name: { type: "string" } }, required: ["name"] }),
        llm("ask", { system: "You greet {{ input.name }}", outputSchema: { type: "object", properties: { text: { type: "string" } } } }),
        condition("check", "steps.ask.output.text = 'hi'"),
        approval("gate", "Send {{ steps.ask.output.text }}?"),
        http("send", "conn_x", { method: "POST", body: '{"text": steps.ask.output.text}', headers: { "X-Name": "{{ input.name }}" } }),
        output("done", "steps.send.output"),
        output("skip"),
      ],
      [edge("trigger", "ask"), edge("ask", "check"), edge("check", "gate", "true"), edge("check", "skip", "default"), edge("gate", "send"), edge("send", "done")],
    );
    expect(graphStructureIssues(g)).toEqual([]);
  });

  it("cycle: every node on the cycle, none off it", () => {
    const g = graph([trigger(), transform("a"), transform("b"), output()], [edge("trigger", "a"), edge("a", "b"), edge("b", "a"), edge("b", "output")]);
    const issues = graphStructureIssues(g);
    expect(issues.filter((i) => i.code === "cycle").map((i) => i.nodeId)).toEqual(["a", "b"]);
  });

  it("unreachable: a node no path from the trigger reaches", () => {
    const g = graph([trigger(), transform("lonely"), output()], [edge("trigger", "output"), edge("lonely", "output")]);
    expect(graphStructureIssues(g)).toEqual([expect.objectContaining({ code: "unreachable", nodeId: "lonely" })]);
  });

  it("unknown_reference: edges to missing steps, steps.<id> that does not exist or does not run before", () => {
    const edges = graph([trigger(), output()], [edge("trigger", "output"), edge("trigger", "ghost"), edge("phantom", "output")]);
    expect(graphStructureIssues(edges).map((i) => [i.code, i.edgeId])).toEqual([
      ["unknown_reference", "trigger__ghost"],
      ["unknown_reference", "phantom__output"],
    ]);
    const missing = chain(transform("a", "steps.nope.output"));
    expect(graphStructureIssues(missing)).toEqual([expect.objectContaining({ code: "unknown_reference", nodeId: "a", message: expect.stringContaining('"nope"') })]);
    // b reads a, but a runs after b; a also reads itself.
    const order = chain(transform("b", "steps.a.output"), transform("a", "steps.a.output & 'x'"));
    expect(graphStructureIssues(order).map((i) => [i.code, i.nodeId])).toEqual([
      ["unknown_reference", "b"],
      ["unknown_reference", "a"],
    ]);
    // A sibling branch is not upstream either; templates are checked too.
    const sibling = graph(
      [trigger(), condition("c"), transform("left"), approval("right", "ok {{ steps.left.output }}"), output()],
      [edge("trigger", "c"), edge("c", "left", "true"), edge("c", "right", "false"), edge("left", "output"), edge("right", "output")],
    );
    expect(graphStructureIssues(sibling)).toEqual([expect.objectContaining({ code: "unknown_reference", nodeId: "right" })]);
  });

  it("missing_trigger and missing_output", () => {
    expect(codes(graphStructureIssues(graph([transform("a")], [])))).toEqual(["missing_trigger", "missing_output"]);
  });

  it("multiple_triggers: each extra trigger", () => {
    const g = graph([trigger("t1"), trigger("t2"), output()], [edge("t1", "output"), edge("t2", "output")]);
    expect(graphStructureIssues(g)).toEqual([expect.objectContaining({ code: "multiple_triggers", nodeId: "t2" })]);
  });

  it("duplicate_id: nodes and edges", () => {
    const g = graph([trigger(), transform("a"), transform("a"), output()], [edge("trigger", "a"), edge("a", "output", undefined, "e1"), edge("trigger", "output", undefined, "e1")]);
    const dup = graphStructureIssues(g).filter((i) => i.code === "duplicate_id");
    expect(dup.map((i) => i.nodeId ?? i.edgeId)).toEqual(["a", "e1"]);
  });

  it("invalid_expression: whole expressions and template parts, with the field", () => {
    expect(graphStructureIssues(chain(transform("a", "1 +")))).toEqual([expect.objectContaining({ code: "invalid_expression", nodeId: "a", message: expect.stringMatching(/^expression: /) })]);
    const prompt = chain(llm("ask", { prompt: "Hi {{ input.name ( }}" }));
    expect(graphStructureIssues(prompt)).toEqual([expect.objectContaining({ code: "invalid_expression", nodeId: "ask", message: expect.stringMatching(/^prompt: /) })]);
    const header = chain(http("call", "conn_x", { headers: { "X-A": "{{ ] }}" } }));
    expect(graphStructureIssues(header)).toEqual([expect.objectContaining({ code: "invalid_expression", message: expect.stringMatching(/^headers\.X-A: /) })]);
    const nested = chain(transform("deep", `${"(".repeat(3000)}1${")".repeat(3000)}`));
    expect(codes(graphStructureIssues(nested))).toEqual(["invalid_expression"]);
  });

  it("invalid_schema: trigger input schema and LLM output schema, compiled with ajv", () => {
    const badTrigger = graph([trigger("trigger", { type: "objekt" }), output()], [edge("trigger", "output")]);
    expect(graphStructureIssues(badTrigger)).toEqual([expect.objectContaining({ code: "invalid_schema", nodeId: "trigger", message: expect.stringMatching(/^inputSchema: /) })]);
    const typo = graph([trigger("trigger", { type: "object", requried: ["name"] }), output()], [edge("trigger", "output")]);
    expect(codes(graphStructureIssues(typo))).toEqual(["invalid_schema"]);
    const remote = chain(llm("ask", { outputSchema: { $ref: "https://example.com/schema.json" } }));
    expect(graphStructureIssues(remote)).toEqual([expect.objectContaining({ code: "invalid_schema", nodeId: "ask", message: expect.stringMatching(/^outputSchema: /) })]);
    const draft7 = graph([trigger("trigger", { $schema: "http://json-schema.org/draft-07/schema#", type: "object" }), output()], [edge("trigger", "output")]);
    expect(graphStructureIssues(draft7)[0].message).toContain("2020-12");
    // The same $id in two workflows does not collide.
    const withId = graph([trigger("trigger", { $id: "https://x.test/in", type: "object" }), output()], [edge("trigger", "output")]);
    expect(graphStructureIssues(withId)).toEqual([]);
    expect(graphStructureIssues(withId)).toEqual([]);
  });

  it("invalid_branch: condition edges need one, other edges must not have one, no repeated branch", () => {
    const g = graph(
      [trigger(), condition("c"), transform("a"), transform("b"), output()],
      [edge("trigger", "c", "yes"), edge("c", "a"), edge("c", "b", "true"), edge("c", "output", "true"), edge("a", "output"), edge("b", "output")],
    );
    expect(graphStructureIssues(g).map((i) => [i.code, i.edgeId])).toEqual([
      ["invalid_branch", "trigger__c__yes"],
      ["invalid_branch", "c__a"],
      ["invalid_branch", "c__output__true"],
    ]);
  });

  it("invalid_edge: an edge leaving an output, a repeated edge", () => {
    const g = graph([trigger(), transform("a"), output()], [edge("trigger", "output"), edge("output", "a"), edge("trigger", "output", undefined, "again")]);
    expect(graphStructureIssues(g).map((i) => [i.code, i.edgeId])).toEqual([
      ["invalid_edge", "output__a"],
      ["invalid_edge", "again"],
    ]);
  });

  it("stays fast on the largest graph the schema allows", () => {
    const steps = Array.from({ length: 198 }, (_, i) => transform(`s${i}`, i ? `steps.s${i - 1}.output & "x"` : "input"));
    const g = chain(...steps);
    const started = performance.now();
    expect(graphStructureIssues(g)).toEqual([]);
    expect(performance.now() - started).toBeLessThan(2000);
  });
});

describe("validateGraph: connections and providers of the tenant", () => {
  let a: Tenant;
  let b: Tenant;
  beforeAll(async () => {
    a = await tenant();
    b = await tenant();
  });
  const scope = () => ({ workspace: a.workspace, project: a.project });

  it("accepts API-key, OAuth2 and WhatsApp connections of the same project and providers of the workspace (null = platform key)", async () => {
    const key = await insertConnection({ workspaceId: a.workspace.id, projectId: a.project.id, type: "api_key" });
    const oauth = await insertConnection({ workspaceId: a.workspace.id, projectId: a.project.id, type: "oauth2" });
    const whatsapp = await insertConnection({ workspaceId: a.workspace.id, projectId: a.project.id, type: "whatsapp" });
    const provider = await createTestProvider({ workspaceId: a.workspace.id, vendor: "openai", apiKey: "sk-test-000000000000000000" });
    const g = chain(
      http("one", key.id),
      http("two", oauth.id),
      http("three", whatsapp.id),
      llm("mine", { model: { providerId: provider.id, model: "gpt-4o-mini" } }),
      llm("platform", { model: { providerId: null, model: "gpt-4o-mini" } }),
    );
    expect(await validateGraph(g, scope())).toEqual([]);
  });

  it("unknown_connection: missing, another project's, another tenant's, or a database connection", async () => {
    const otherProject = await insertConnection({ workspaceId: a.workspace.id, projectId: a.other.id, type: "api_key" });
    const otherTenant = await insertConnection({ workspaceId: b.workspace.id, projectId: b.project.id, type: "api_key" });
    const database = await insertConnection({ workspaceId: a.workspace.id, projectId: a.project.id, type: "database" });
    const g = chain(http("missing", "conn_nope"), http("project", otherProject.id), http("tenant", otherTenant.id), http("db", database.id));
    const issues = await validateGraph(g, scope());
    expect(issues.map((i) => [i.code, i.nodeId])).toEqual([
      ["unknown_connection", "missing"],
      ["unknown_connection", "project"],
      ["unknown_connection", "tenant"],
      ["unknown_connection", "db"],
    ]);
  });

  it("unknown_reference: an LLM provider of another workspace or none at all", async () => {
    const foreign = await createTestProvider({ workspaceId: b.workspace.id, vendor: "anthropic", apiKey: "sk-ant-test-0000000000000" });
    const g = chain(llm("foreign", { model: { providerId: foreign.id, model: "claude" } }), llm("ghost", { model: { providerId: "llmp_missing", model: "x" } }));
    expect((await validateGraph(g, scope())).map((i) => [i.code, i.nodeId])).toEqual([
      ["unknown_reference", "foreign"],
      ["unknown_reference", "ghost"],
    ]);
  });
});
