import { spawn, type ChildProcess } from "node:child_process";
import http from "node:http";
import { createServer } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { openAgentRun } from "@/lib/agents/agent-runs";
import { signContextToken } from "@/lib/agents/context-token";
import { tenant } from "@/test/support/world";
import { grantTestCredits } from "@/test/factories/billing";
import { createTestAgent } from "@/test/factories/agents";
import { findCatalogModel } from "@/lib/llm/catalog";
import { llmEstimate } from "@/lib/metering/estimate";
import { startFakeOpenAI, type FakeOpenAI } from "@/test/support/fake-llm";

// kill -9 of a gateway process in the middle of 100 streaming calls: every call whose client
// saw the end of the stream ([DONE]) has exactly one usage record, and no call has two. The
// gateway holds back [DONE] until the call's usage is committed, and the record's unique key
// makes a second one impossible.

let fake: FakeOpenAI;
let gateway: ChildProcess | undefined;

async function freePort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((r) => srv.listen(0, "127.0.0.1", r));
  const port = (srv.address() as { port: number }).port;
  await new Promise<void>((r) => srv.close(() => r()));
  return port;
}

async function startGateway(port: number): Promise<ChildProcess> {
  const child = spawn(process.execPath, ["--conditions=react-server", "--import", "tsx", "gateway/main.ts"], {
    env: { ...process.env, GATEWAY_PORT: String(port), GATEWAY_HOST: "127.0.0.1", PLATFORM_OPENAI_API_KEY: "sk-platform-openai", OPENAI_BASE_URL: fake.baseURL, EGRESS_ALLOWED_HOSTS: "127.0.0.1", LOG_LEVEL: "error" },
    stdio: ["ignore", "ignore", "inherit"],
  });
  for (let i = 0; i < 300; i++) {
    const ok = await fetch(`http://127.0.0.1:${port}/readyz`).then((r) => r.ok, () => false);
    if (ok) return child;
    await new Promise((r) => setTimeout(r, 100));
  }
  child.kill("SIGKILL");
  throw new Error("the gateway did not become ready");
}

/** A funded tenant's agent, one end-user run of it (for "ada", no budget) and its signed context token. */
async function agentRunForAda() {
  const t = await tenant();
  await grantTestCredits(t.workspace.id, 100_000_000n);
  const { agent, token } = await createTestAgent({ workspaceId: t.workspace.id, projectId: t.project.id });
  const run = await openAgentRun({ agent: { ...agent, projectDefaultRunBudget: null }, endUserId: "ada", request: { method: "POST", path: "/", via: "ingress" } });
  const context = await signContextToken({ agentId: agent.id, runId: run.id, workspaceId: run.workspaceId, projectId: run.projectId, endUserId: "ada" });
  return { token, run, context };
}

beforeAll(async () => {
  fake = await startFakeOpenAI({ apiKey: "sk-platform-openai", chunks: 10, chunkDelayMs: 25 });
});

afterAll(async () => {
  gateway?.kill("SIGKILL");
  await fake.close();
});

describe("gateway crash", () => {
  it("kill -9 during 100 streaming calls: each call seen complete has exactly one usage record, none has two", async () => {
    const t = await tenant();
    await grantTestCredits(t.workspace.id, 1_000_000_000n);
    const { agent, token } = await createTestAgent({ workspaceId: t.workspace.id, projectId: t.project.id });
    // One end-user request (run) per call, so each call's records can be told apart.
    const calls = await Promise.all(
      Array.from({ length: 100 }, async (_, i) => {
        const run = await openAgentRun({ agent: { ...agent, projectDefaultRunBudget: null }, endUserId: `user-${i}`, request: { method: "POST", path: "/", via: "ingress" } });
        return { run, context: await signContextToken({ agentId: agent.id, runId: run.id, workspaceId: run.workspaceId, projectId: run.projectId, endUserId: run.endUserId }) };
      }),
    );
    const port = await freePort();
    gateway = await startGateway(port);
    const victim = gateway;
    const body = JSON.stringify({ model: "gpt-4o-mini", stream: true, messages: [{ role: "user", content: "hi" }] });

    let seenComplete = 0;
    const outcomes = calls.map(async ({ run, context }, i) => {
      await new Promise((r) => setTimeout(r, i * 15)); // 100 calls spread over ~1.5 s, each ~0.25 s long
      try {
        const res = await fetch(`http://127.0.0.1:${port}/llm/v1/chat/completions`, { method: "POST", headers: { authorization: `Bearer ${token}`, "x-agentruntime-context": context, "content-type": "application/json" }, body });
        const text = await res.text();
        const complete = res.status === 200 && text.endsWith("data: [DONE]\n\n");
        if (complete) seenComplete++;
        return { runId: run.id, complete };
      } catch {
        return { runId: run.id, complete: false };
      }
    });
    // Kill it once a few calls have completed, while the rest are in flight.
    for (let i = 0; i < 200 && seenComplete < 15; i++) await new Promise((r) => setTimeout(r, 10));
    victim.kill("SIGKILL");
    const results = await Promise.all(outcomes);

    const completed = results.filter((r) => r.complete);
    const cut = results.filter((r) => !r.complete);
    // The kill landed mid-way: some calls had finished, some had not.
    expect(completed.length).toBeGreaterThan(0);
    expect(cut.length).toBeGreaterThan(0);
    const counts = new Map<string, number>();
    for (const u of await db.usageRecord.findMany({ where: { runId: { in: calls.map((c) => c.run.id) } }, select: { runId: true } })) counts.set(u.runId, (counts.get(u.runId) ?? 0) + 1);
    expect(completed.filter((r) => counts.get(r.runId) !== 1)).toEqual([]);
    expect([...counts.values()].filter((n) => n > 1)).toEqual([]);
    // The records that exist are whole: a step for each, and the run's spend is their charges.
    for (const r of completed.slice(0, 10)) {
      const run = await db.run.findUniqueOrThrow({ where: { id: r.runId }, include: { steps: true } });
      const usage = await db.usageRecord.findFirstOrThrow({ where: { runId: r.runId } });
      expect(run.steps).toHaveLength(1);
      expect(run.spent).toBe(usage.charge);
    }
  }, 120_000);

  it("SIGTERM drains: the stream in flight finishes with its usage recorded, new requests are refused, the process exits 0", async () => {
    const { token, run, context } = await agentRunForAda();
    const port = await freePort();
    const child = await startGateway(port);
    gateway = child;
    fake.configure({ chunkDelayMs: 60 });
    try {
      const post = () => fetch(`http://127.0.0.1:${port}/llm/v1/chat/completions`, { method: "POST", headers: { authorization: `Bearer ${token}`, "x-agentruntime-context": context, "content-type": "application/json" }, body: JSON.stringify({ model: "gpt-4o-mini", stream: true, messages: [{ role: "user", content: "hi" }] }) });
      const inFlight = post();
      const res = await inFlight;
      expect(res.status).toBe(200);
      const exited = new Promise<number | null>((r) => child.once("exit", (code) => r(code)));
      child.kill("SIGTERM");
      await new Promise((r) => setTimeout(r, 100));
      const late = await post().then((r) => r.status, () => "refused");
      expect([503, "refused"]).toContain(late);
      expect((await res.text()).endsWith("data: [DONE]\n\n")).toBe(true);
      expect(await exited).toBe(0);
      expect(await db.usageRecord.count({ where: { runId: run.id } })).toBe(1);
    } finally {
      fake.configure({ chunkDelayMs: 25 });
    }
  }, 60_000);

  it("SIGTERM: a request that arrives during the drain on an already open keep-alive connection is served (Connection: close), not refused", async () => {
    const { token, run, context } = await agentRunForAda();
    const port = await freePort();
    const child = await startGateway(port);
    gateway = child;
    // One kept-alive socket, as a load balancer's pool to this gateway: the second request waits
    // for the first response and then goes out on the same connection, after the SIGTERM.
    const agentPool = new http.Agent({ keepAlive: true, maxSockets: 1 });
    const post = () =>
      new Promise<{ status: number; connection: string | undefined; body: string; socket: unknown }>((resolve, reject) => {
        const req = http.request(
          { host: "127.0.0.1", port, path: "/llm/v1/chat/completions", method: "POST", agent: agentPool, headers: { authorization: `Bearer ${token}`, "x-agentruntime-context": context, "content-type": "application/json" } },
          (res) => {
            let body = "";
            res.setEncoding("utf8");
            res.on("data", (d: string) => (body += d));
            res.on("end", () => resolve({ status: res.statusCode ?? 0, connection: res.headers.connection, body, socket: req.socket }));
          },
        );
        req.on("error", reject);
        req.end(JSON.stringify({ model: "gpt-4o-mini", stream: true, messages: [{ role: "user", content: "hi" }] }));
      });
    fake.configure({ chunkDelayMs: 60 });
    try {
      const first = post();
      await new Promise((r) => setTimeout(r, 150));
      const exited = new Promise<number | null>((r) => child.once("exit", (code) => r(code)));
      child.kill("SIGTERM");
      await new Promise((r) => setTimeout(r, 50));
      const second = post();
      const [a, b] = await Promise.all([first, second]);
      expect(a.status).toBe(200);
      expect(a.body.endsWith("data: [DONE]\n\n")).toBe(true);
      expect(b.socket).toBe(a.socket); // the same connection, opened before the SIGTERM
      expect(b.status).toBe(200);
      expect(b.connection).toBe("close");
      expect(b.body.endsWith("data: [DONE]\n\n")).toBe(true);
      expect(await exited).toBe(0);
      expect(await db.usageRecord.count({ where: { runId: run.id } })).toBe(2);
    } finally {
      agentPool.destroy();
      fake.configure({ chunkDelayMs: 25 });
    }
  }, 60_000);

  it("two gateway processes share one budget: 50 parallel calls across both on a budget for 10 → exactly 10 reach the vendor", async () => {
    const t = await tenant();
    await grantTestCredits(t.workspace.id, 100_000_000n);
    const { agent, token } = await createTestAgent({ workspaceId: t.workspace.id, projectId: t.project.id });
    const body = JSON.stringify({ model: "gpt-4o-mini", stream: true, max_tokens: 500, messages: [{ role: "user", content: "count" }] });
    const each = llmEstimate(findCatalogModel("openai", "gpt-4o-mini"), Buffer.byteLength(body), 500, "platform");
    const run = await openAgentRun({ agent: { ...agent, runBudget: each * 10n + each / 2n, projectDefaultRunBudget: null }, endUserId: "ada", request: { method: "POST", path: "/", via: "ingress" } });
    const context = await signContextToken({ agentId: agent.id, runId: run.id, workspaceId: run.workspaceId, projectId: run.projectId, endUserId: "ada" });
    // Each call spends exactly what it held, so a call finishing early frees nothing for another.
    fake.configure({ promptTokens: Math.ceil(Buffer.byteLength(body) / 4), completionTokens: 500 });
    const ports = [await freePort(), await freePort()];
    const procs = await Promise.all(ports.map((p) => startGateway(p)));
    try {
      const before = fake.count;
      const statuses = await Promise.all(
        Array.from({ length: 50 }, async (_, i) => {
          const res = await fetch(`http://127.0.0.1:${ports[i % 2]}/llm/v1/chat/completions`, { method: "POST", headers: { authorization: `Bearer ${token}`, "x-agentruntime-context": context, "content-type": "application/json" }, body });
          await res.arrayBuffer();
          return res.status;
        }),
      );
      expect(statuses.filter((s) => s === 200)).toHaveLength(10);
      expect(statuses.filter((s) => s === 402)).toHaveLength(40);
      expect(fake.count - before).toBe(10);
      expect(await db.usageRecord.count({ where: { runId: run.id } })).toBe(10);
      expect((await db.run.findUniqueOrThrow({ where: { id: run.id } })).reserved).toBe(0n);
    } finally {
      for (const p of procs) p.kill("SIGKILL");
      fake.configure({ promptTokens: 12, completionTokens: 8 });
    }
  }, 60_000);

  it("a busy GATEWAY_PORT stops the start with a message naming the setting", async () => {
    const busy = createServer();
    await new Promise<void>((r) => busy.listen(0, "127.0.0.1", r));
    const port = (busy.address() as { port: number }).port;
    try {
      const child = spawn(process.execPath, ["--conditions=react-server", "--import", "tsx", "gateway/main.ts"], {
        env: { ...process.env, GATEWAY_PORT: String(port), GATEWAY_HOST: "127.0.0.1" },
        stdio: ["ignore", "pipe", "pipe"],
      });
      let output = "";
      child.stdout!.on("data", (c) => (output += c));
      child.stderr!.on("data", (c) => (output += c));
      const code = await new Promise<number | null>((r) => child.once("exit", (c) => r(c)));
      expect(code).toBe(1);
      expect(output).toContain(`port ${port} is already in use: set GATEWAY_PORT`);
    } finally {
      await new Promise<void>((r) => busy.close(() => r()));
    }
  }, 60_000);
});
