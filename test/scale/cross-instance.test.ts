// Shared state across instances: two app processes (test/support/instance.ts, each with its own
// module state) on one PostgreSQL — and one real redis-server when REDIS_URL is set — must
// count one rate limit and see each other's run events.
import { spawn } from "node:child_process";
import path from "node:path";
import { randomUUID } from "node:crypto";
import { Redis } from "ioredis";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { newId } from "@/lib/core/ids";
import { db } from "@/lib/db/client";
import { openAgentRun } from "@/lib/agents/agent-runs";
import { commitAgentCalls, type AgentCallRecord } from "@/lib/agents/agent-usage";
import { closeRateLimitStore } from "@/lib/rate-limit/limiter";
import { runEventHub } from "@/lib/runs/event-hub";
import type { RunEventNotice } from "@/lib/runs/events";
import { REDIS_RUN_EVENTS_CHANNEL } from "@/lib/runs/run-event-bus";
import { startRun } from "@/lib/runs/start-run";
import { GET as eventsRoute } from "@/app/v1/runs/[id]/events/route";
import { GET as liveRoute } from "@/app/v1/runs/live/route";
import { createTestAgent } from "@/test/factories/agents";
import { createTestWorkflow } from "@/test/factories/workflows";
import { startRedis } from "@/test/connections/redis-server";
import { openSse, type SseStream } from "@/test/runs/sse-client";
import { inProject } from "@/test/support/http";
import { tenant, type Tenant } from "@/test/support/world";

const root = path.resolve(import.meta.dirname, "../..");
let redis: { port: number; stop: () => Promise<void> };
let redisUrl: string;
let redisPassword: string;
// The SSE heartbeat (lib/api/sse.ts) also catches a stream up: the Redis paths must be faster.
const HEARTBEAT_MS = 15_000;

/** One command in a fresh instance; resolves with its JSON line. */
function instance(args: string[], env: Record<string, string | undefined> = {}): Promise<Record<string, number | boolean>> {
  const childEnv: NodeJS.ProcessEnv = { ...process.env, ...env };
  for (const [k, v] of Object.entries(env)) if (v === undefined) delete childEnv[k];
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--conditions=react-server", "--import", "tsx", "test/support/instance.ts", ...args], { cwd: root, env: childEnv, stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    let err = "";
    child.stdout.on("data", (d) => (out += d));
    child.stderr.on("data", (d) => (err += d));
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`instance ${args.join(" ")} did not exit within 45 s: ${err}${out}`));
    }, 45_000);
    child.on("close", (code) => {
      clearTimeout(timer);
      if (code === 0) resolve(JSON.parse(out.trim().split("\n").at(-1)!));
      else reject(new Error(`instance ${args.join(" ")} exited ${code}: ${err}${out}`));
    });
  });
}

/** Two instances spend `each` points of one key at the same time; returns the totals. */
async function twoInstances(spec: { points: number; perProcess: boolean }, each: number, env: Record<string, string | undefined>) {
  const key = `k-${randomUUID()}`;
  const name = `xinst_${randomUUID().slice(0, 8)}`;
  const args = ["limit", name, String(spec.points), "60", spec.perProcess ? "1" : "0", key, String(each)];
  const results = await Promise.all([instance(args, env), instance(args, env)]);
  return { passed: results.reduce((n, r) => n + Number(r.passed), 0), rejected: results.reduce((n, r) => n + Number(r.rejected), 0) };
}

beforeAll(async () => {
  redisPassword = `pw-${randomUUID()}`;
  redis = await startRedis(redisPassword);
  redisUrl = `redis://:${redisPassword}@127.0.0.1:${redis.port}`;
});
afterAll(async () => {
  await runEventHub.close();
  await redis?.stop();
});

describe("rate limits across two instances", () => {
  it("PostgreSQL (no REDIS_URL): a shared limit of 10, 8 requests from each instance → exactly 10 pass, 6 get 429", async () => {
    expect(await twoInstances({ points: 10, perProcess: false }, 8, { REDIS_URL: undefined })).toEqual({ passed: 10, rejected: 6 });
  }, 60_000);

  it("Redis (REDIS_URL): the shared limit and the per-process API limit are both counted once → exactly 10 pass each", async () => {
    expect(await twoInstances({ points: 10, perProcess: false }, 8, { REDIS_URL: redisUrl })).toEqual({ passed: 10, rejected: 6 });
    expect(await twoInstances({ points: 10, perProcess: true }, 8, { REDIS_URL: redisUrl })).toEqual({ passed: 10, rejected: 6 });
  }, 60_000);

  it("with REDIS_URL, closeRateLimitStore() lets a one-off script end on its own (npm run seed hung on the open connection)", async () => {
    await expect(instance(["limit-and-close", `xinst_${randomUUID().slice(0, 8)}`, "k"], { REDIS_URL: redisUrl })).resolves.toEqual({ ok: true });
  }, 60_000);

  it("without REDIS_URL the per-process API limit is shared through PostgreSQL: an instance learns what another spent from its first request", async () => {
    const key = `k-${randomUUID()}`;
    const name = `xinst_${randomUUID().slice(0, 8)}`;
    const args = ["limit", name, "10", "60", "1", key, "8"];
    const env = { REDIS_URL: undefined };
    // One instance after the other (no two within one flush interval): 8 + 2 pass, 6 get 429.
    const first = await instance(args, env);
    const second = await instance(args, env);
    expect([first, second]).toEqual([
      { passed: 8, rejected: 0 },
      { passed: 2, rejected: 6 },
    ]);
  }, 60_000);
});

describe("live run events across instances", () => {
  let t: Tenant;
  let workflowId: string;
  beforeAll(async () => {
    t = await tenant({ credits: 1_000_000_000n });
    workflowId = (await createTestWorkflow({ workspaceId: t.workspace.id, projectId: t.project.id })).workflow.id;
  });

  it("an event committed by another instance reaches this instance's subscribers (LISTEN/NOTIFY, no REDIS_URL)", async () => {
    const run = await startRun({ workspaceId: t.workspace.id, projectId: t.project.id, workflowId, input: { name: "Ada" }, trigger: "api", startedById: t.owner.id });
    const seen: RunEventNotice[] = [];
    // Only what the other instance commits: this run's own run.queued notice may still be on its way.
    const unsubscribe = await runEventHub.subscribe((s) => void (s.kind === "event" && s.notice.runId === run.id && s.notice.seq > 1 ? seen.push(s.notice) : undefined));
    try {
      await instance(["append", t.workspace.id, t.project.id, run.id, "run.started"], { REDIS_URL: undefined });
      const deadline = Date.now() + 10_000;
      while (seen.length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      expect(seen.map((n) => [n.type, n.seq])).toEqual([["run.started", 2]]);
    } finally {
      unsubscribe();
    }
  }, 60_000);

  describe("over Redis (REDIS_URL set on both instances)", () => {
    // This process is instance B (it serves the SSE streams), the spawned instance is A (it commits).
    // A raw LISTEN on run_events counts the NOTIFYs of the run: with REDIS_URL there must be none,
    // so an event that arrives came through Redis.
    let listen: pg.Client;
    const notified: string[] = [];
    const open: SseStream[] = [];
    const newRun = () => startRun({ workspaceId: t.workspace.id, projectId: t.project.id, workflowId, input: { name: "Ada" }, trigger: "api", startedById: t.owner.id });
    const append = (runId: string, type: string) => instance(["append", t.workspace.id, t.project.id, runId, type], { REDIS_URL: redisUrl });
    const hdr = () => inProject(t.owner, t.slug, t.project.slug);
    const ids = (s: SseStream) => s.events.filter((e) => e.event === "message").map((e) => Number(e.id));

    beforeAll(async () => {
      await runEventHub.close();
      process.env.REDIS_URL = redisUrl;
      listen = new pg.Client({ connectionString: process.env.DATABASE_URL });
      await listen.connect();
      listen.on("notification", (m) => void notified.push(m.payload ?? ""));
      await listen.query("LISTEN run_events");
    });
    afterAll(async () => {
      open.forEach((s) => s.close());
      await runEventHub.close();
      await closeRateLimitStore();
      delete process.env.REDIS_URL;
      await listen?.end();
    });

    it("an event committed on instance A reaches an SSE client on instance B through Redis (no NOTIFY sent), long before the heartbeat", async () => {
      const run = await newRun();
      const s = await openSse(eventsRoute, `/v1/runs/${run.id}/events`, { headers: hdr(), params: { id: run.id } });
      open.push(s);
      expect(s.status).toBe(200);
      await s.waitFor(1);
      // B's subscriber is the Redis channel's one subscriber.
      const probe = new Redis(redisUrl);
      try {
        expect(await probe.pubsub("NUMSUB", REDIS_RUN_EVENTS_CHANNEL)).toEqual([REDIS_RUN_EVENTS_CHANNEL, 1]);
      } finally {
        probe.disconnect();
      }
      const sent = Date.now();
      await append(run.id, "run.started");
      await s.waitFor(2, 5_000);
      expect(Date.now() - sent).toBeLessThan(HEARTBEAT_MS);
      expect(s.events.map((e) => [e.id, (e.data as { type: string }).type])).toEqual([["1", "run.queued"], ["2", "run.started"]]);
      expect(notified.filter((p) => p.includes(run.id))).toEqual([]);
    }, 60_000);

    it("the gateway's usage batch (commitAgentCalls) announces its step events through Redis after its commit, with no NOTIFY", async () => {
      const agent = await createTestAgent({ workspaceId: t.workspace.id, projectId: t.project.id });
      const run = await openAgentRun({ agent: { ...agent.agent, runBudget: null, projectDefaultRunBudget: null }, endUserId: "ada@example.com", request: { method: "POST", path: "/chat", via: "ingress" } });
      const seen: RunEventNotice[] = [];
      const unsubscribe = await runEventHub.subscribe((s) => void (s.kind === "event" && s.notice.runId === run.id ? seen.push(s.notice) : undefined));
      const before = (await db.run.findUniqueOrThrow({ where: { id: run.id }, select: { lastEventSeq: true } })).lastEventSeq;
      const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 1 });
      const client = await pool.connect();
      try {
        const at = new Date();
        const rec = (n: number): AgentCallRecord => ({
          usageId: newId("usage"), ledgerId: newId("ledger"), stepId: newId("runStep"), runId: run.id, workspaceId: run.workspaceId, projectId: run.projectId,
          nodeId: `llm_${n}`, nodeType: "llm", status: "succeeded", provider: "openai", model: "gpt-4o-mini", keySource: "platform",
          tokensIn: 10, tokensOut: 5, cost: 1200n, charge: 1500n, reserved: 0n, estimated: false, startedAt: at, finishedAt: new Date(at.getTime() + 37),
          stepInput: { n }, stepOutput: { finishReason: "stop" }, stepError: null,
        });
        await commitAgentCalls(client, [rec(1), rec(2)]);
        for (const deadline = Date.now() + 5_000; seen.filter((n) => n.seq > before).length < 2 && Date.now() < deadline; ) await new Promise((r) => setTimeout(r, 20));
        expect(seen.filter((n) => n.seq > before).map((n) => [n.type, n.seq])).toEqual([["step.succeeded", before + 1], ["step.succeeded", before + 2]]);
        expect(notified.filter((p) => p.includes(run.id))).toEqual([]);
      } finally {
        unsubscribe();
        client.release();
        await pool.end();
      }
    }, 60_000);

    it("Redis restarts under an open stream: the event committed while it was down and the ones after arrive, each once, in order; the live list gets a resync", async () => {
      const run = await newRun();
      const s = await openSse(eventsRoute, `/v1/runs/${run.id}/events`, { headers: hdr(), params: { id: run.id } });
      const live = await openSse(liveRoute, "/v1/runs/live", { headers: hdr() });
      open.push(s, live);
      await s.waitFor(1);
      await append(run.id, "run.started");
      await s.waitFor(2, 5_000);

      await redis.stop();
      // A commits while Redis is down: its publish fails (logged), the row is there.
      await append(run.id, "step.started");
      redis = await startRedis(redisPassword, redis.port);
      await s.waitFor(3, HEARTBEAT_MS - 1_000);
      for (const deadline = Date.now() + 10_000; !live.events.some((e) => e.event === "resync") && Date.now() < deadline; ) await new Promise((r) => setTimeout(r, 50));
      expect(live.events.map((e) => e.event)).toContain("resync");
      // After the reconnect, notices flow through Redis again.
      await append(run.id, "step.succeeded");
      await s.waitFor(4, 5_000);
      await new Promise((r) => setTimeout(r, 300));
      expect(ids(s)).toEqual([1, 2, 3, 4]);
      expect(notified.filter((p) => p.includes(run.id))).toEqual([]);
    }, 90_000);
  });
});
