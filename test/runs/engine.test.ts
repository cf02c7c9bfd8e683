import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { pricing } from "@/lib/billing/pricing";
import { setLogSink } from "@/lib/core/logger";
import { createTestProvider } from "@/test/factories/providers";
import { startFakeVendors, USAGE, TEXT } from "@/test/llm/fake-vendors";
import { startFakeUpstream, type FakeUpstream } from "@/test/support/fake-upstream";
import {
  allowLoopbackEgress,
  engineTenant,
  eventsOf,
  graph,
  http,
  output,
  startTestRun,
  startTestWorker,
  stepsOf,
  transform,
  trigger,
  waitForRun,
  type TestWorker,
} from "@/test/support/run-worker";

// The engine end to end: real worker (pg-boss), real PostgreSQL, fake upstream / vendors on 127.0.0.1.

const KEYS = { openai: "sk-test-openai-engine-0123456789", anthropic: "sk-ant-x-0123456789", google: "AIzaEngine0123456789abcd", compat: "compat-0123456789" };
let worker: TestWorker;
let upstream: FakeUpstream;
let vendors: Awaited<ReturnType<typeof startFakeVendors>>;
let restoreEgress: () => void;
const logs: string[] = [];

beforeAll(async () => {
  upstream = await startFakeUpstream();
  vendors = await startFakeVendors(KEYS);
  restoreEgress = allowLoopbackEgress();
  Object.assign(process.env, { EGRESS_ALLOWED_HOSTS: "127.0.0.1", OPENAI_BASE_URL: vendors.urls.openai, PLATFORM_OPENAI_API_KEY: KEYS.openai });
  setLogSink((line) => logs.push(line));
  worker = await startTestWorker();
});
afterAll(async () => {
  await worker.stop();
  setLogSink(null);
  restoreEgress();
  for (const k of ["EGRESS_ALLOWED_HOSTS", "OPENAI_BASE_URL", "PLATFORM_OPENAI_API_KEY"]) delete process.env[k];
  await upstream.close();
  await vendors.close();
});

describe("routing", { timeout: 30_000 }, () => {
  const branchy = graph(
    [
      trigger(),
      { id: "check", type: "condition", config: { expression: "input.n > 5" } },
      transform("big", '"big " & $string(input.n)'),
      transform("small", '"small"'),
      transform("after_small", 'steps.small.output & "!"'),
      output(),
    ],
    ["trigger>check", "check>big:true", "check>small:false", "small>after_small", "big>output", "after_small>output"],
  );

  it("a condition takes the branch named after its result and skips everything only reachable through the other", async () => {
    const t = await engineTenant(upstream.url);
    const { run } = await startTestRun({ workspaceId: t.workspace.id, projectId: t.project.id, graph: branchy, input: { n: 10 } });
    const done = await waitForRun(run.id, ["succeeded", "failed"]);
    expect(done.status).toBe("succeeded");
    expect(done.output).toBe("big 10");
    const steps = Object.fromEntries((await stepsOf(run.id)).map((s) => [s.nodeId, s.status]));
    expect(steps).toEqual({ trigger: "succeeded", check: "succeeded", big: "succeeded", small: "skipped", after_small: "skipped", output: "succeeded" });
    const check = (await stepsOf(run.id)).find((s) => s.nodeId === "check")!;
    expect(check.output).toEqual({ result: true, branch: "true" });
    const types = (await eventsOf(run.id)).map((e) => `${e.type}${e.nodeId ? `:${e.nodeId}` : ""}`);
    expect(types).toContain("step.skipped:small");
    expect(types).toContain("step.skipped:after_small");
    expect(types.at(-1)).toBe("run.succeeded");
  });

  it("the other branch, and a node reached through any active edge runs", async () => {
    const t = await engineTenant(upstream.url);
    const { run } = await startTestRun({ workspaceId: t.workspace.id, projectId: t.project.id, graph: branchy, input: { n: 1 } });
    const done = await waitForRun(run.id, ["succeeded", "failed"]);
    expect(done.output).toBe("small!");
    const steps = Object.fromEntries((await stepsOf(run.id)).map((s) => [s.nodeId, s.status]));
    expect(steps).toMatchObject({ big: "skipped", small: "succeeded", after_small: "succeeded", output: "succeeded" });
  });

  it('an unmatched result takes the "default" branch; no match and no default fails the step', async () => {
    const t = await engineTenant(upstream.url);
    const g = (withDefault: boolean) =>
      graph(
        [trigger(), { id: "color", type: "condition", config: { expression: "input.color" } }, transform("red", '"stop"'), transform("other", '"go"'), output()],
        ["trigger>color", "color>red:red", `color>other:${withDefault ? "default" : "green"}`, "red>output", "other>output"],
      );
    const a = await startTestRun({ workspaceId: t.workspace.id, projectId: t.project.id, graph: g(true), input: { color: "blue" } });
    expect((await waitForRun(a.run.id, ["succeeded", "failed"])).output).toBe("go");
    const b = await startTestRun({ workspaceId: t.workspace.id, projectId: t.project.id, graph: g(false), input: { color: "blue" } });
    const failed = await waitForRun(b.run.id, ["succeeded", "failed"]);
    expect(failed.status).toBe("failed");
    expect(failed.error).toMatchObject({ code: "no_branch", nodeId: "color" });
  });

  it("an expression error fails its step once (no retry) and the run", async () => {
    const t = await engineTenant(upstream.url);
    const { run } = await startTestRun({ workspaceId: t.workspace.id, projectId: t.project.id, graph: graph([trigger(), transform("bad", "$notAFunction(1)"), output()], ["trigger>bad", "bad>output"]) });
    const done = await waitForRun(run.id, ["succeeded", "failed"]);
    expect(done.error).toMatchObject({ code: "expression_error", nodeId: "bad" });
    const bad = (await stepsOf(run.id)).find((s) => s.nodeId === "bad")!;
    expect(bad).toMatchObject({ status: "failed", attempts: 1 });
    expect((await stepsOf(run.id)).find((s) => s.nodeId === "output")).toBeUndefined();
  });
});

describe("http steps", { timeout: 30_000 }, () => {
  it("calls the connection's base URL with the credential, the rendered path/headers/body and an idempotency key", async () => {
    const t = await engineTenant(upstream.url);
    const g = graph(
      [trigger(), http("call", t.connectionId, "/ok/{{ input.name }}", { method: "POST", headers: { "X-Trace": "run-{{ input.name }}" }, body: '{"hello": input.name}' }), output("output", "steps.call.output.body")],
      ["trigger>call", "call>output"],
    );
    const { run } = await startTestRun({ workspaceId: t.workspace.id, projectId: t.project.id, graph: g, input: { name: "ada" } });
    const done = await waitForRun(run.id, ["succeeded", "failed"]);
    expect(done.status).toBe("succeeded");
    const req = upstream.seen.find((r) => r.key === `${run.id}:call:1`)!;
    expect(req).toMatchObject({ method: "POST", path: "/ok/ada" });
    expect(req.headers["x-api-key"]).toBe(t.secret);
    expect(req.headers["x-trace"]).toBe("run-ada");
    expect(JSON.parse(req.body)).toEqual({ hello: "ada" });
    expect(done.output).toMatchObject({ ok: true, path: "/ok/ada" });

    const step = (await stepsOf(run.id)).find((s) => s.nodeId === "call")!;
    expect(step.input).toEqual({ connectionId: t.connectionId, method: "POST", url: `${upstream.url}/ok/ada`, headers: { "X-Trace": "run-ada" }, body: { hello: "ada" } });
    expect(step.output).toMatchObject({ status: 200, body: { ok: true }, headers: { "content-type": "application/json" } });
    expect(step.attempts).toBe(1);
  });

  it("writes usage records (step + http) and debits the ledger in the checkpoint transaction", async () => {
    const t = await engineTenant(upstream.url);
    const before = await db.workspaceBalance.findUniqueOrThrow({ where: { workspaceId: t.workspace.id } });
    const g = graph([trigger(), http("call", t.connectionId, "/ok"), output()], ["trigger>call", "call>output"]);
    const { run } = await startTestRun({ workspaceId: t.workspace.id, projectId: t.project.id, graph: g });
    await waitForRun(run.id, "succeeded");
    const usage = await db.usageRecord.findMany({ where: { runId: run.id }, orderBy: { createdAt: "asc" } });
    const p = pricing();
    expect(usage.map((u) => u.idempotencyKey).sort()).toEqual([`${run.id}:call:1:http`, `${run.id}:call:1:step`, `${run.id}:output:1:step`, `${run.id}:trigger:1:step`].sort());
    const total = 3n * p.stepPrice + p.httpCallPrice;
    const ledger = await db.ledgerEntry.findMany({ where: { runId: run.id } });
    expect(ledger).toHaveLength(4);
    expect(ledger.reduce((s, e) => s + e.amount, 0n)).toBe(-total);
    const after = await db.workspaceBalance.findUniqueOrThrow({ where: { workspaceId: t.workspace.id } });
    expect(before.balance - after.balance).toBe(total);
    // The run's hold was released: nothing is held any more.
    expect(after.held).toBe(0n);
    expect((await db.run.findUniqueOrThrow({ where: { id: run.id } })).spent).toBe(total);
  });

  it("never writes the credential to step rows, events or logs, even when the upstream echoes it", async () => {
    const canary = `canary-${crypto.randomUUID()}`;
    const t = await engineTenant(upstream.url, canary);
    // The node also tries to set the credential header itself: ignored.
    const g = graph([trigger(), http("echo", t.connectionId, "/echo", { headers: { "X-Api-Key": "from-node", "Authorization": "Bearer nope" } }), output()], ["trigger>echo", "echo>output"]);
    const { run } = await startTestRun({ workspaceId: t.workspace.id, projectId: t.project.id, graph: g });
    const done = await waitForRun(run.id, ["succeeded", "failed"]);
    expect(done.status).toBe("succeeded");
    const req = upstream.seen.find((r) => r.key === `${run.id}:echo:1`)!;
    expect(req.headers["x-api-key"]).toBe(canary);
    expect(req.headers.authorization).toBeUndefined();
    const rows = JSON.stringify({ steps: await stepsOf(run.id), events: await eventsOf(run.id), run: await db.run.findUnique({ where: { id: run.id } }) }, (_k, v) => (typeof v === "bigint" ? Number(v) : v));
    expect(rows).not.toContain(canary);
    expect(rows).toContain("[redacted]");
    expect(logs.join("\n")).not.toContain(canary);
  });

  it("truncates large bodies to 256 KiB; a path cannot leave the connection's host", async () => {
    const t = await engineTenant(upstream.url);
    const big = await startTestRun({ workspaceId: t.workspace.id, projectId: t.project.id, graph: graph([trigger(), http("big", t.connectionId, "/big"), output()], ["trigger>big", "big>output"]) });
    const out = (await waitForRun(big.run.id, "succeeded")).output as { body: string; truncated: boolean };
    expect(out.truncated).toBe(true);
    expect(out.body.length).toBe(256 * 1024);
    const escape = await startTestRun({ workspaceId: t.workspace.id, projectId: t.project.id, graph: graph([trigger(), http("x", t.connectionId, "//evil.example/x"), output()], ["trigger>x", "x>output"]) });
    // "//evil.example/x" is a path on the connection's host (which answers 404: not retried).
    expect((await waitForRun(escape.run.id, "failed")).error).toMatchObject({ code: "http_error", nodeId: "x" });
    expect(upstream.seen.filter((r) => r.key?.startsWith(`${escape.run.id}:x:`))).toHaveLength(1);
    expect((await stepsOf(escape.run.id)).find((s) => s.nodeId === "x")?.input).toMatchObject({ url: `${upstream.url}//evil.example/x` });
  });
});

describe("llm steps", { timeout: 30_000 }, () => {
  it("calls the platform key's vendor for a catalog model, records tokens, cost (with margin) and latency", async () => {
    const t = await engineTenant(upstream.url);
    const g = graph(
      [trigger(), { id: "ask", type: "llm", config: { model: { providerId: null, model: "gpt-4o" }, system: "Be brief", prompt: "Greet {{ input.name }}", maxTokens: 200 } }, output()],
      ["trigger>ask", "ask>output"],
    );
    const { run } = await startTestRun({ workspaceId: t.workspace.id, projectId: t.project.id, graph: g, input: { name: "Grace" } });
    const done = await waitForRun(run.id, ["succeeded", "failed"]);
    expect(done.status).toBe("succeeded");
    expect(done.output).toBe(TEXT);
    const sent = vendors.seen.filter((s) => s.vendor === "openai").at(-1)!;
    expect(JSON.stringify(sent.body)).toContain("Greet Grace");
    const step = (await stepsOf(run.id)).find((s) => s.nodeId === "ask")!;
    expect(step).toMatchObject({ status: "succeeded", tokensIn: USAGE.input, tokensOut: USAGE.output, cost: 3645n });
    expect(step.latencyMs).toBeGreaterThanOrEqual(0);
    expect(step.input).toMatchObject({ prompt: "Greet Grace", system: "Be brief", maxTokens: 200 });
    const llmUsage = await db.usageRecord.findUniqueOrThrow({ where: { idempotencyKey: `${run.id}:ask:1:llm` } });
    // 3645 at list price + 20 % platform margin (rounded up).
    expect(llmUsage).toMatchObject({ kind: "llm", keySource: "platform", provider: "openai", model: "gpt-4o", cost: 3645n, charge: 3645n + 729n });
    expect(JSON.stringify(await eventsOf(run.id))).not.toContain(KEYS.openai);
  });

  it("uses the project's model setting, parses JSON output and validates it against outputSchema; workspace keys are not charged", async () => {
    const t = await engineTenant(upstream.url);
    const provider = await createTestProvider({ workspaceId: t.workspace.id, vendor: "openai", apiKey: KEYS.openai, baseUrl: vendors.urls.openai });
    await db.modelSetting.create({ data: { id: `mset_${crypto.randomUUID().slice(0, 8)}`, workspaceId: t.workspace.id, projectId: t.project.id, role: "default", providerId: provider.id, model: "gpt-4o-mini" } });
    const schema = { type: "object", properties: { city: { type: "string" }, population: { type: "integer" } }, required: ["city", "population"] };
    const g = graph([trigger(), { id: "ask", type: "llm", config: { prompt: "Largest city?", outputSchema: schema } }, output("output", "steps.ask.output.city")], ["trigger>ask", "ask>output"]);
    const { run } = await startTestRun({ workspaceId: t.workspace.id, projectId: t.project.id, graph: g });
    const done = await waitForRun(run.id, ["succeeded", "failed"]);
    expect(done.status).toBe("succeeded");
    expect(done.output).toBe("Paris");
    const step = (await stepsOf(run.id)).find((s) => s.nodeId === "ask")!;
    expect(step.output).toEqual({ city: "Paris", population: 2102650 });
    const llmUsage = await db.usageRecord.findUniqueOrThrow({ where: { idempotencyKey: `${run.id}:ask:1:llm` } });
    expect(llmUsage).toMatchObject({ keySource: "workspace", model: "gpt-4o-mini", charge: 0n });
    expect(llmUsage.cost).toBeGreaterThan(0n);
  });

  it("an answer that misses the schema is retried, then fails the step with llm_invalid_output", async () => {
    const t = await engineTenant(upstream.url);
    const g = graph(
      [trigger(), { id: "ask", type: "llm", config: { model: { providerId: null, model: "gpt-4o" }, prompt: "x", outputSchema: { type: "object", required: ["city"] }, retry: { maxAttempts: 2, initialDelayMs: 10 } } }, output()],
      ["trigger>ask", "ask>output"],
    );
    // "bad-json" is not a catalog model; the fake vendor answers off-schema for it. Use a provider to reach it.
    const provider = await createTestProvider({ workspaceId: t.workspace.id, vendor: "openai", apiKey: KEYS.openai, baseUrl: vendors.urls.openai });
    (g.nodes[1].config as { model: unknown }).model = { providerId: provider.id, model: "bad-json" };
    const { run } = await startTestRun({ workspaceId: t.workspace.id, projectId: t.project.id, graph: g });
    const done = await waitForRun(run.id, ["succeeded", "failed"]);
    expect(done.error).toMatchObject({ code: "llm_invalid_output", nodeId: "ask" });
    expect((await stepsOf(run.id)).find((s) => s.nodeId === "ask")).toMatchObject({ status: "failed", attempts: 2 });
  });
});
