// Idempotency-Key: through the real POST /v1/workflows/{id}/runs handler (100 concurrent
// identical requests → 1 run; another body → 422; keys scoped per workspace), and the helper
// itself (errors not stored, waiting and 409 for in-flight duplicates, expiry, takeover — also
// of a claim whose process was killed -9, at once).
import { spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { ApiError } from "@/lib/core/errors";
import { hashRequest, withIdempotency, type SettleIn } from "@/lib/idempotency/with-idempotency";
import { startRun } from "@/lib/runs/start-run";
import { POST as startRoute } from "@/app/v1/workflows/[id]/runs/route";
import { createTestWorkflow } from "@/test/factories/workflows";
import { call, inProject } from "@/test/support/http";
import { tenant, type Tenant } from "@/test/support/world";

const root = path.resolve(import.meta.dirname, "../..");
let a: Tenant;
let b: Tenant;
let wfA: Awaited<ReturnType<typeof createTestWorkflow>>;
let wfB: Awaited<ReturnType<typeof createTestWorkflow>>;

const headers = (t: Tenant, key?: string) => ({ ...inProject(t.owner, t.slug, t.project.slug), ...(key ? { "idempotency-key": key } : {}) });
const start = (t: Tenant, wfId: string, body: unknown, key?: string) => call(startRoute, `/v1/workflows/${wfId}/runs`, { method: "POST", headers: headers(t, key), body, params: { id: wfId } });

beforeAll(async () => {
  [a, b] = await Promise.all([tenant({ credits: 1_000_000_000n }), tenant({ credits: true })]);
  wfA = await createTestWorkflow({ workspaceId: a.workspace.id, projectId: a.project.id });
  wfB = await createTestWorkflow({ workspaceId: b.workspace.id, projectId: b.project.id });
});

describe("Idempotency-Key on POST /v1/workflows/{id}/runs", () => {
  it("100 concurrent identical requests start exactly one run and all get its answer", { timeout: 60_000 }, async () => {
    const key = randomUUID();
    const results = await Promise.all(Array.from({ length: 100 }, () => start(a, wfA.workflow.id, { input: { name: "Ada" } }, key)));
    expect(results.map((r) => r.status)).toEqual(Array(100).fill(201));
    const ids = new Set(results.map((r) => r.json.id));
    expect(ids.size).toBe(1);
    expect(await db.run.count({ where: { workflowId: wfA.workflow.id, input: { equals: { name: "Ada" } } } })).toBe(1);
    expect(results.filter((r) => r.headers.get("idempotent-replayed") === "true")).toHaveLength(99);
    // Later replays answer the same body.
    const again = await start(a, wfA.workflow.id, { input: { name: "Ada" } }, key);
    expect(again.json).toEqual(results[0].json);
  });

  it("the same key with another body is a 422 and starts nothing; key order in the body does not matter", async () => {
    const key = randomUUID();
    const first = await start(a, wfA.workflow.id, { input: { name: "Bo" }, budget: 1000 }, key);
    expect(first.status).toBe(201);
    const same = await start(a, wfA.workflow.id, { budget: 1000, input: { name: "Bo" } }, key);
    expect(same.json.id).toBe(first.json.id);
    const before = await db.run.count({ where: { workflowId: wfA.workflow.id } });
    const other = await start(a, wfA.workflow.id, { input: { name: "Cy" }, budget: 1000 }, key);
    expect(other.status).toBe(422);
    expect(other.json.error.details[0].path).toBe("Idempotency-Key");
    expect(await db.run.count({ where: { workflowId: wfA.workflow.id } })).toBe(before);
  });

  it("keys are scoped per workspace: the same key in another tenant starts its own run", async () => {
    const key = randomUUID();
    const runA = await start(a, wfA.workflow.id, { input: { name: "Di" } }, key);
    const runB = await start(b, wfB.workflow.id, { input: { name: "Di" } }, key);
    expect([runA.status, runB.status]).toEqual([201, 201]);
    expect(runA.json.id).not.toBe(runB.json.id);
    expect(runB.headers.get("idempotent-replayed")).toBeNull();
  });

  it("a failed request is not stored: the key can be used again", async () => {
    const key = randomUUID();
    expect((await start(a, wfA.workflow.id, { input: { name: 5 } }, key)).status).toBe(422);
    expect((await start(a, wfA.workflow.id, { input: { name: "Ed" } }, key)).status).toBe(201);
  });

  it("a malformed key is a 422", async () => {
    expect((await start(a, wfA.workflow.id, { input: { name: "x" } }, "k".repeat(256))).status).toBe(422);
    expect((await start(a, wfA.workflow.id, { input: { name: "x" } }, "bad key")).status).toBe(422);
  });
});

describe("withIdempotency", () => {
  const req = (key: string, body: unknown = { x: 1 }) => ({ workspaceId: a.workspace.id, scope: "test", key, requestHash: hashRequest(body) });

  it("a duplicate waits for the first request's result", async () => {
    const key = randomUUID();
    let calls = 0;
    const slow = async () => {
      calls++;
      await new Promise((r) => setTimeout(r, 300));
      return { status: 201, body: { n: calls } };
    };
    const [first, second] = await Promise.all([withIdempotency(req(key), slow), new Promise((r) => setTimeout(r, 50)).then(() => withIdempotency(req(key), slow))]);
    expect(calls).toBe(1);
    expect(first).toEqual({ status: 201, body: { n: 1 }, replayed: false });
    expect(second).toEqual({ status: 201, body: { n: 1 }, replayed: true });
  });

  it("409 when the first request is still in flight after the wait", async () => {
    const key = randomUUID();
    let release!: () => void;
    const blocked = withIdempotency(req(key), () => new Promise((r) => (release = () => r({ status: 200, body: {} }))));
    await new Promise((r) => setTimeout(r, 50));
    const err = await withIdempotency(req(key), async () => ({ status: 200, body: {} }), { waitMs: 200 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect((err as ApiError).code).toBe("conflict");
    release();
    await blocked;
  });

  it("expired keys count as absent; an abandoned in-flight claim is taken over", async () => {
    const key = randomUUID();
    await withIdempotency(req(key, { v: 1 }), async () => ({ status: 201, body: { v: 1 } }));
    await db.idempotencyKey.updateMany({ where: { key }, data: { expiresAt: new Date(Date.now() - 1000) } });
    const fresh = await withIdempotency(req(key, { v: 2 }), async () => ({ status: 201, body: { v: 2 } }));
    expect(fresh).toEqual({ status: 201, body: { v: 2 }, replayed: false });

    const stuck = randomUUID();
    await db.idempotencyKey.create({ data: { workspaceId: a.workspace.id, scope: "test", key: stuck, requestHash: hashRequest({ x: 1 }), createdAt: new Date(Date.now() - 120_000), expiresAt: new Date(Date.now() + 3600_000) } });
    const took = await withIdempotency(req(stuck), async () => ({ status: 200, body: { ok: true } }));
    expect(took.replayed).toBe(false);
    expect((await db.idempotencyKey.findFirstOrThrow({ where: { key: stuck } })).status).toBe(200);
  });

  it("a claim whose process was killed (-9) is taken over by the retry at once; while it lives, the retry waits", { timeout: 60_000 }, async () => {
    const key = randomUUID();
    const child = spawn(process.execPath, ["--conditions=react-server", "--import", "tsx", "test/support/idempotency-claimer.ts", a.workspace.id, "test", key, hashRequest({ x: 1 })], { cwd: root, env: process.env, stdio: ["ignore", "pipe", "inherit"] });
    const exited = new Promise((r) => child.once("exit", r));
    try {
      await new Promise<void>((resolve, reject) => {
        child.stdout!.on("data", (d: Buffer) => d.toString().includes("claimed") && resolve());
        child.once("exit", () => reject(new Error("the claimer exited before claiming")));
      });
      let calls = 0;
      const fn = async () => ({ status: 201, body: { n: ++calls } });
      // Alive: its claim stands, the duplicate waits and gets 409.
      const err = await withIdempotency(req(key), fn, { waitMs: 300 }).catch((e: unknown) => e);
      expect((err as ApiError).code).toBe("conflict");
      child.kill("SIGKILL");
      await exited;
      // Dead: its session, and the key's lock, are gone; the retry executes at once (not after
      // the claim ages out), exactly once.
      const t0 = Date.now();
      const retried = await withIdempotency(req(key), fn, { waitMs: 300 });
      expect(retried).toEqual({ status: 201, body: { n: 1 }, replayed: false });
      expect(Date.now() - t0).toBeLessThan(5_000);
      expect(await withIdempotency(req(key), fn)).toEqual({ status: 201, body: { n: 1 }, replayed: true });
      expect(calls).toBe(1);
    } finally {
      child.kill("SIGKILL");
    }
  });

  it("an answer settled in the effect's transaction outlives a crash right after the commit: the retry replays it, the effect runs once", async () => {
    const key = randomUUID();
    let calls = 0;
    const crashing = async (settleIn: SettleIn) => {
      calls++;
      await db.$transaction((tx) => settleIn(tx, { status: 201, body: { n: calls } }));
      throw new Error("the process died after the commit");
    };
    await expect(withIdempotency(req(key), crashing)).rejects.toThrow("died");
    const retried = await withIdempotency(req(key), async () => ({ status: 201, body: { n: ++calls } }));
    expect(retried).toEqual({ status: 201, body: { n: 1 }, replayed: true });
    expect(calls).toBe(1);
  });

  it("a run start's answer commits with the run: when the answer cannot be stored, no run exists", async () => {
    const before = await db.run.count({ where: { workflowId: wfA.workflow.id } });
    const failing = startRun({ workspaceId: a.workspace.id, projectId: a.project.id, workflowId: wfA.workflow.id, input: { name: "Ed" }, trigger: "api", onCreated: async () => { throw new Error("cannot store"); } });
    await expect(failing).rejects.toThrow("cannot store");
    expect(await db.run.count({ where: { workflowId: wfA.workflow.id } })).toBe(before);
  });

  it("without a key, fn simply runs", async () => {
    let calls = 0;
    const fn = async () => ({ status: 200, body: { calls: ++calls } });
    await withIdempotency({ ...req(""), key: null }, fn);
    await withIdempotency({ ...req(""), key: null }, fn);
    expect(calls).toBe(2);
  });
});
