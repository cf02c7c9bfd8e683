// Shared state across instances: two app processes (test/support/instance.ts, each with its own
// module state) on one PostgreSQL — and one real redis-server when REDIS_URL is set — must
// count one rate limit and see each other's run events.
import { spawn } from "node:child_process";
import path from "node:path";
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runEventHub } from "@/lib/runs/event-hub";
import type { RunEventNotice } from "@/lib/runs/events";
import { startRun } from "@/lib/runs/start-run";
import { createTestWorkflow } from "@/test/factories/workflows";
import { startRedis } from "@/test/connections/redis-server";
import { tenant, type Tenant } from "@/test/support/world";

const root = path.resolve(import.meta.dirname, "../..");
let redis: { port: number; stop: () => Promise<void> };
let redisUrl: string;

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
  const password = `pw-${randomUUID()}`;
  redis = await startRedis(password);
  redisUrl = `redis://:${password}@127.0.0.1:${redis.port}`;
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

  for (const [label, env] of [
    ["LISTEN/NOTIFY", { REDIS_URL: undefined }],
    ["LISTEN/NOTIFY, also with REDIS_URL set", { REDIS_URL: "redis://127.0.0.1:9" }],
  ] as const) {
    it(`an event committed by another instance reaches this instance's subscribers (${label})`, async () => {
      const run = await startRun({ workspaceId: t.workspace.id, projectId: t.project.id, workflowId, input: { name: "Ada" }, trigger: "api", startedById: t.owner.id });
      const seen: RunEventNotice[] = [];
      // Only what the other instance commits: this run's own run.queued notice may still be on its way.
      const unsubscribe = await runEventHub.subscribe((s) => void (s.kind === "event" && s.notice.runId === run.id && s.notice.seq > 1 ? seen.push(s.notice) : undefined));
      try {
        await instance(["append", t.workspace.id, t.project.id, run.id, "run.started"], env);
        const deadline = Date.now() + 10_000;
        while (seen.length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
        expect(seen.map((n) => [n.type, n.seq])).toEqual([["run.started", 2]]);
      } finally {
        unsubscribe();
      }
    }, 60_000);
  }
});
