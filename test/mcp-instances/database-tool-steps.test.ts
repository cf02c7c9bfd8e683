// A workflow tool step calling a database instance's built-in tool, executed by the in-process
// engine: the same path as remote tools (schema-hash pin, tool_error on the tool's error).
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { DatabaseSync } from "node:sqlite";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST as createConnectionRoute } from "@/app/v1/connections/route";
import { POST as publishRoute } from "@/app/v1/workflows/[id]/publish/route";
import { POST as startRoute } from "@/app/v1/workflows/[id]/runs/route";
import { POST as createWorkflowRoute } from "@/app/v1/workflows/route";
import { GET as stepsRoute } from "@/app/v1/runs/[id]/steps/route";
import { createTestToken } from "@/test/factories/tokens";
import { call, inProject, tokenHeaders } from "@/test/support/http";
import { startTestWorker, waitForRun, type TestWorker } from "@/test/support/run-worker";
import { tenant } from "@/test/support/world";
import { createInstance, syncInstance, uniqueName } from "./helpers";

const sqliteDir = mkdtempSync(path.join(tmpdir(), "ar-sqlite-steps-"));
const sqliteFile = path.join(sqliteDir, "shop.db");
const makeTenant = () => tenant({ credits: 1_000_000_000n, staff: false, otherProject: false });
let t: Awaited<ReturnType<typeof makeTenant>>;
let owner: Record<string, string>;
let instanceId: string;
let worker: TestWorker;
let prevDir: string | undefined;

beforeAll(async () => {
  prevDir = process.env.CONNECTIONS_SQLITE_DIR;
  process.env.CONNECTIONS_SQLITE_DIR = sqliteDir;
  const file = new DatabaseSync(sqliteFile);
  file.exec("CREATE TABLE items (id integer PRIMARY KEY, name text NOT NULL); INSERT INTO items VALUES (1, 'alpha'), (2, 'beta');");
  file.close();
  t = await makeTenant();
  owner = inProject(t.owner, t.slug, t.project.slug);
  const conn = await call(createConnectionRoute, "/v1/connections", { method: "POST", headers: owner, body: { name: uniqueName("db"), type: "database", provider: "sqlite", fields: { path: sqliteFile } } });
  expect(conn.status, conn.text).toBe(201);
  const inst = await createInstance(owner, { adapter: "sqlite", connectionId: conn.json.id });
  expect(inst.status, inst.text).toBe(201);
  instanceId = inst.json.id;
  expect((await syncInstance(owner, instanceId)).status).toBe(200);
  worker = await startTestWorker();
}, 60_000);

afterAll(async () => {
  await worker?.stop();
  if (prevDir === undefined) delete process.env.CONNECTIONS_SQLITE_DIR;
  else process.env.CONNECTIONS_SQLITE_DIR = prevDir;
});

async function publishedQuery(args: string): Promise<string> {
  const graph = {
    nodes: [
      { id: "trigger", type: "trigger", config: { inputSchema: { type: "object", properties: { id: { type: "integer" } } } } },
      { id: "act", type: "tool", config: { instanceId, tool: "query", arguments: args, retry: { maxAttempts: 1, initialDelayMs: 0 } } },
      { id: "output", type: "output", config: { expression: "steps.act.output" } },
    ],
    edges: [
      { id: "e1", source: "trigger", target: "act" },
      { id: "e2", source: "act", target: "output" },
    ],
  };
  const created = await call(createWorkflowRoute, "/v1/workflows", { method: "POST", headers: owner, body: { name: `db ${Date.now()}`, graph } });
  expect(created.status, created.text).toBe(201);
  const id = created.json.id;
  expect((await call(publishRoute, `/v1/workflows/${id}/publish`, { method: "POST", headers: owner, params: { id }, body: {} })).status).toBe(201);
  return id;
}

async function run(workflowId: string, input: unknown) {
  const { token } = await createTestToken({ userId: t.owner.id, workspaceId: t.workspace.id });
  const res = await call(startRoute, `/v1/workflows/${workflowId}/runs`, { method: "POST", headers: tokenHeaders(token, t.slug, t.project.slug), params: { id: workflowId }, body: { input } });
  expect(res.status, res.text).toBe(201);
  return res.json.id as string;
}

describe("tool steps on a database instance", () => {
  it("a query step reads rows with parameters mapped from the input", async () => {
    const runId = await run(await publishedQuery('{ "sql": "SELECT name FROM items WHERE id = ?", "params": [input.id] }'), { id: 2 });
    const done = await waitForRun(runId, "succeeded", 30_000);
    expect(done.output).toMatchObject({ structuredContent: { rows: [{ name: "beta" }], truncated: false } });
  }, 60_000);

  it("a write on the read-only instance fails the step with the database's refusal; nothing changed", async () => {
    const runId = await run(await publishedQuery('{ "sql": "DELETE FROM items" }'), {});
    await waitForRun(runId, "failed", 30_000);
    const steps = await call(stepsRoute, `/v1/runs/${runId}/steps`, { headers: owner, params: { id: runId } });
    const step = steps.json.steps.find((s: { nodeId: string }) => s.nodeId === "act");
    expect(step).toMatchObject({ status: "failed", error: { code: "tool_error" } });
    expect(JSON.stringify(step.error)).toMatch(/read_only/);
    const check = new DatabaseSync(sqliteFile, { readOnly: true });
    expect((check.prepare("SELECT count(*) AS n FROM items").get() as { n: number }).n).toBe(2);
    check.close();
  }, 60_000);
});
