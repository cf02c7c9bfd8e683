import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST as startRoute } from "@/app/v1/workflows/[id]/runs/route";
import { GET as approvalsRoute } from "@/app/v1/approvals/route";
import { POST as approveRoute } from "@/app/v1/approvals/[id]/approve/route";
import { db } from "@/lib/db/client";
import { newId } from "@/lib/core/ids";
import { draftGraph } from "@/lib/schemas/workflow-graph";
import { validateDraft } from "@/lib/workflows/validate-graph";
import { STARTER_TEMPLATES, findStarterTemplate, type StarterTemplate } from "@/lib/workflows/starter-templates";
import { createTestProvider } from "@/test/factories/providers";
import { startFakeVendors, TEXT } from "@/test/llm/fake-vendors";
import { startFakeUpstream, type FakeUpstream } from "@/test/support/fake-upstream";
import { call, inProject } from "@/test/support/http";
import { allowLoopbackEgress, engineTenant, startTestWorker, stepsOf, waitForRun, type TestWorker } from "@/test/support/run-worker";
import { api } from "./helpers";

// Every starter template (lib/workflows/starter-templates.ts) through the real validator and
// publish; those that need no service outside this process run through the real engine
// (worker on pg-boss, fake HTTP upstream on 127.0.0.1).

type T = Awaited<ReturnType<typeof engineTenant>>;
const KEYS = { openai: "sk-test-openai-templates-0123456789", anthropic: "sk-ant-x-0123456789", google: "AIzaTemplates0123456789ab", compat: "compat-0123456789" };
let upstream: FakeUpstream;
let vendors: Awaited<ReturnType<typeof startFakeVendors>>;
let worker: TestWorker;
let restoreEgress: () => void;
let t: T;
let mcp: { instanceId: string; tool: string };
let admin: Record<string, string>;
let owner: Record<string, string>;

beforeAll(async () => {
  upstream = await startFakeUpstream();
  vendors = await startFakeVendors(KEYS);
  restoreEgress = allowLoopbackEgress();
  // Requests to the connection go to /ok/<path> on the fake upstream: 200 {"ok": true, …}.
  t = await engineTenant(`${upstream.url}/ok`);
  admin = inProject(t.admin, t.slug, t.project.slug);
  owner = inProject(t.owner, t.slug, t.project.slug);
  const ids = { workspaceId: t.workspace.id, projectId: t.project.id };
  const instance = await db.mcpInstance.create({ data: { id: newId("mcpInstance"), ...ids, name: "crm", adapter: "remote_mcp", connectionId: t.connectionId, url: `${upstream.url}/mcp` } });
  await db.mcpTool.create({ data: { id: newId("mcpTool"), ...ids, instanceId: instance.id, name: "search", inputSchema: { type: "object", properties: { query: { type: "string" } } }, schemaHash: "0".repeat(64) } });
  mcp = { instanceId: instance.id, tool: "search" };
  worker = await startTestWorker();
}, 60_000);

afterAll(async () => {
  await worker?.stop();
  restoreEgress?.();
  await upstream?.close();
  await vendors?.close();
});

/** The values the template leaves to the user, filled in: a connection, an MCP instance and tool. */
function filled(template: StarterTemplate) {
  const graph = structuredClone(template.graph);
  for (const n of graph.nodes) {
    if (n.type === "http") n.config.connectionId = t.connectionId;
    if (n.type === "tool") Object.assign(n.config, mcp);
  }
  return graph;
}

/** Created from the template through the API, its user values filled, published: the workflow id. */
async function publishedFrom(template: StarterTemplate): Promise<string> {
  const created = await api.create(owner, { name: template.name, templateId: template.id });
  expect(created.status, created.text).toBe(201);
  const id = created.json.id;
  if (created.json.issues.length) {
    const patched = await api.patch(owner, id, { graph: filled(template), draftRevision: created.json.draftRevision });
    expect(patched.status, patched.text).toBe(200);
    expect(patched.json.issues).toEqual([]);
  }
  const published = await api.publish(owner, id);
  expect(published.status, published.text).toBe(201);
  return id;
}

async function run(id: string, input: unknown) {
  const started = await call(startRoute, `/v1/workflows/${id}/runs`, { method: "POST", headers: owner, params: { id }, body: { input } });
  expect(started.status, started.text).toBe(201);
  return started.json.id as string;
}

describe("starter templates", () => {
  it("there are at least 6, with unique ids, and each graph is a well-formed draft", () => {
    expect(STARTER_TEMPLATES.length).toBeGreaterThanOrEqual(6);
    expect(new Set(STARTER_TEMPLATES.map((x) => x.id)).size).toBe(STARTER_TEMPLATES.length);
    for (const template of STARTER_TEMPLATES) expect(draftGraph.safeParse(template.graph).success, template.id).toBe(true);
  });

  it.each(STARTER_TEMPLATES.map((x) => [x.id, x] as const))("%s: as given, its only issues are the values it needs; filled in, none", async (_id, template) => {
    const asGiven = await validateDraft(template.graph, t);
    const userFields = template.graph.nodes.flatMap((n) => (n.type === "http" ? [`${n.id}.connectionId`] : n.type === "tool" ? [`${n.id}.instanceId`, `${n.id}.tool`] : []));
    expect(asGiven.issues.map((i) => `${i.code} ${i.nodeId}.${i.field}`).sort()).toEqual(userFields.map((f) => `invalid_config ${f}`).sort());
    expect(userFields.length > 0 || template.needs.length === 0 || template.graph.nodes.some((n) => n.type === "llm")).toBe(true);
    expect((await validateDraft(filled(template), t)).issues).toEqual([]);
  });

  it.each(STARTER_TEMPLATES.map((x) => [x.id, x] as const))("%s: created from its id, filled in and published (version 1)", async (_id, template) => {
    const id = await publishedFrom(template);
    const wf = await db.workflow.findFirstOrThrow({ where: { id, projectId: t.project.id } });
    expect(wf).toMatchObject({ latestVersion: 1, description: template.description });
  });
});

describe("starter templates through the engine", { timeout: 30_000 }, () => {
  it("order-pipeline: totals the sample order and flags it for review (over 1,000)", async () => {
    const template = findStarterTemplate("order-pipeline")!;
    const runId = await run(await publishedFrom(template), template.sampleInput);
    const done = await waitForRun(runId, ["succeeded", "failed"]);
    expect(done.status).toBe("succeeded");
    expect(done.output).toEqual({ orderId: "A-1001", lines: [{ sku: "pen", amount: 7.5 }, { sku: "desk", amount: 1200 }], total: 1207.5, status: "review" });
    const small = await waitForRun(await run(await publishedFrom(template), { orderId: "A-2", lines: [{ sku: "pen", qty: 1, price: 2 }] }), ["succeeded", "failed"]);
    expect(small.output).toMatchObject({ total: 2, status: "accepted" });
  });

  it("lead-router: a company address at a 250-person company goes to sales, a free-mail address to nurture", async () => {
    const template = findStarterTemplate("lead-router")!;
    const id = await publishedFrom(template);
    const sales = await waitForRun(await run(id, template.sampleInput), ["succeeded", "failed"]);
    expect(sales.output).toEqual({ email: "nora@acme.io", company: "Acme", score: 90, route: "sales" });
    const nurture = await waitForRun(await run(id, { email: "bob@gmail.com", employees: 5 }), ["succeeded", "failed"]);
    expect(nurture.output).toMatchObject({ score: 0, route: "nurture" });
    const steps = Object.fromEntries((await stepsOf(nurture.id)).map((s) => [s.nodeId, s.status]));
    expect(steps).toMatchObject({ sales: "skipped", nurture: "succeeded" });
  });

  it("expense-approval: waits for an admin other than the requester, then records the decision", async () => {
    const template = findStarterTemplate("expense-approval")!;
    const runId = await run(await publishedFrom(template), template.sampleInput);
    await waitForRun(runId, "waiting_approval");
    const list = await call(approvalsRoute, "/v1/approvals", { headers: admin, query: { status: "pending" } });
    const approval = list.json.data.find((a: { runId: string }) => a.runId === runId);
    expect(approval.message).toBe("Ada asks for 120 USD: Conference ticket");
    expect((await call(approveRoute, `/v1/approvals/${approval.id}/approve`, { method: "POST", headers: owner, params: { id: approval.id }, body: {} })).status).toBe(403);
    const decided = await call(approveRoute, `/v1/approvals/${approval.id}/approve`, { method: "POST", headers: admin, params: { id: approval.id }, body: { comment: "ok" } });
    expect(decided.status, decided.text).toBe(200);
    const done = await waitForRun(runId, ["succeeded", "failed"]);
    expect(done.status).toBe("succeeded");
    expect(done.output).toEqual({ requester: "Ada", amount: 120, approved: true, comment: "ok" });
  });

  it("daily-digest: with a model setting for the project, the LLM writes the digest", async () => {
    const provider = await createTestProvider({ workspaceId: t.workspace.id, vendor: "openai", apiKey: KEYS.openai, baseUrl: vendors.urls.openai });
    await db.modelSetting.create({ data: { id: newId("modelSetting"), workspaceId: t.workspace.id, projectId: t.project.id, role: "default", providerId: provider.id, model: "gpt-4o-mini" } });
    const template = findStarterTemplate("daily-digest")!;
    const done = await waitForRun(await run(await publishedFrom(template), template.sampleInput), ["succeeded", "failed"]);
    expect(done.status, JSON.stringify(done.error)).toBe("succeeded");
    expect(done.output).toEqual({ digest: TEXT, count: 2 });
    const prompt = JSON.stringify(vendors.seen.at(-1)?.body);
    expect(prompt).toContain("- Release 2.4 shipped (https://example.com/2.4)\\n- Incident review on Friday");
  });

  it("webhook-forwarder: reshapes the event and POSTs it to the connection", async () => {
    const template = findStarterTemplate("webhook-forwarder")!;
    const before = upstream.seen.length;
    const done = await waitForRun(await run(await publishedFrom(template), template.sampleInput), ["succeeded", "failed"]);
    expect(done.status, JSON.stringify(done.error)).toBe("succeeded");
    expect(done.output).toEqual({ status: 200 });
    const sent = upstream.seen.slice(before).find((r) => r.path === "/ok/events")!;
    expect(sent.method).toBe("POST");
    expect(sent.headers["x-event-type"]).toBe("invoice.paid");
    expect(JSON.parse(sent.body)).toMatchObject({ event: "invoice.paid", payload: { id: "in_1", amount: 4900 } });
  });
});
