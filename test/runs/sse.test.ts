// GET /v1/runs/{id}/events and GET /v1/runs/live: replay from Last-Event-ID, live delivery
// through the process's LISTEN connection, the end of a run's stream, tenancy, reconnects.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { setLogSink } from "@/lib/core/logger";
import { appendRunEvent, type RunEventType } from "@/lib/runs/events";
import { finishRun } from "@/lib/runs/finish-run";
import { runEventHub } from "@/lib/runs/event-hub";
import { startRun } from "@/lib/runs/start-run";
import { GET as eventsRoute } from "@/app/v1/runs/[id]/events/route";
import { GET as liveRoute } from "@/app/v1/runs/live/route";
import { createTestWorkflow } from "@/test/factories/workflows";
import { asToken, call, inProject } from "@/test/support/http";
import { tenant, type Tenant } from "@/test/support/world";
import { openSse, type SseStream } from "./sse-client";

let t: Tenant;
let foreign: Tenant;
let wfId: string;
const open: SseStream[] = [];
const warnings: string[] = [];

const hdr = (tt: Tenant = t, project = tt.project.slug) => (inProject(tt.owner, tt.slug, project));
const newRun = async (tt: Tenant = t, projectId = tt.project.id, workflowId = wfId) =>
  startRun({ workspaceId: tt.workspace.id, projectId, workflowId, input: { name: "Ada" }, trigger: "api", startedById: tt.owner.id });
const ref = (r: { id: string }, tt: Tenant = t, projectId = tt.project.id) => ({ id: r.id, workspaceId: tt.workspace.id, projectId });
const append = (r: { id: string }, type: RunEventType, nodeId?: string, tt: Tenant = t) => db.$transaction((tx) => appendRunEvent(tx, ref(r, tt), type, { n: type }, { nodeId, status: "running" }));
async function events(runId: string, opts: { lastEventId?: string; query?: Record<string, string>; headers?: Record<string, string> } = {}) {
  const s = await openSse(eventsRoute, `/v1/runs/${runId}/events`, { headers: { ...(opts.headers ?? hdr()), ...(opts.lastEventId ? { "last-event-id": opts.lastEventId } : {}) }, params: { id: runId }, query: opts.query });
  open.push(s);
  return s;
}

beforeAll(async () => {
  setLogSink((line, level) => void (level === "warn" || level === "error" ? warnings.push(line) : undefined));
  [t, foreign] = await Promise.all([tenant({ credits: 1_000_000_000n }), tenant({ credits: true })]);
  wfId = (await createTestWorkflow({ workspaceId: t.workspace.id, projectId: t.project.id })).workflow.id;
});
afterAll(() => {
  open.forEach((s) => s.close());
  setLogSink(null);
});

describe("GET /v1/runs/{id}/events", () => {
  it("replays exactly the events after Last-Event-ID, in order, with id = seq; SSE headers", async () => {
    const run = await newRun();
    for (const type of ["run.started", "step.started", "step.succeeded", "step.started"] as const) await append(run, type, "greet");
    const s = await events(run.id, { lastEventId: "2" });
    expect(s.status).toBe(200);
    expect(s.headers.get("content-type")).toMatch(/^text\/event-stream/);
    expect(s.headers.get("cache-control")).toBe("no-store");
    expect(s.headers.get("x-accel-buffering")).toBe("no");
    const got = await s.waitFor(3);
    expect(got.map((e) => [e.id, (e.data as { type: string }).type])).toEqual([["3", "step.started"], ["4", "step.succeeded"], ["5", "step.started"]]);
    expect(got[0].data).toMatchObject({ runId: run.id, seq: 3, nodeId: "greet", data: { n: "step.started" } });
    await new Promise((r) => setTimeout(r, 200));
    expect(s.events).toHaveLength(3);
    // ?lastEventId works the same for clients that cannot set the header.
    const q = await events(run.id, { query: { lastEventId: "4" } });
    expect((await q.waitFor(1)).map((e) => e.id)).toEqual(["5"]);
  });

  it("20 streams of one run, events committed back to back from concurrent transactions: every stream gets every event once, in order (shared reads)", async () => {
    const run = await newRun();
    const streams = await Promise.all(Array.from({ length: 20 }, () => events(run.id)));
    await Promise.all(streams.map((s) => s.waitFor(1)));
    // Some commits land while the streams' shared reads are in flight, some between them.
    for (let i = 0; i < 6; i++) {
      await Promise.all([append(run, "step.started", `a${i}`), append(run, "step.succeeded", `a${i}`)]);
      if (i % 2) await new Promise((r) => setTimeout(r, 5));
    }
    const total = 1 + 12;
    for (const s of streams) {
      const got = await s.waitFor(total, 10_000);
      expect(got.map((e) => Number(e.id))).toEqual(Array.from({ length: total }, (_, i) => i + 1));
    }
    await new Promise((r) => setTimeout(r, 200));
    for (const s of streams) expect(s.events).toHaveLength(total);
  });

  it("streams new events live, then `end` after the terminal event, and closes", async () => {
    const run = await newRun();
    const s = await events(run.id);
    await s.waitFor(1);
    await append(run, "run.started");
    await append(run, "step.started", "greet");
    await s.waitFor(3);
    await db.$transaction((tx) => finishRun(tx, ref(run), "succeeded", { output: { ok: true } }));
    await s.ended;
    expect(s.events.map((e) => (e.event === "end" ? "end" : (e.data as { type: string }).type))).toEqual(["run.queued", "run.started", "step.started", "run.succeeded", "end"]);
    expect(s.events.slice(0, 4).map((e) => Number(e.id))).toEqual([1, 2, 3, 4]);
  });

  it("SSE_MAX_STREAM_SECONDS (serverless limits): a live stream ends itself that soon, without `end`; the reconnect resumes after Last-Event-ID with nothing lost", async () => {
    const run = await newRun();
    process.env.SSE_MAX_STREAM_SECONDS = "0.4";
    try {
      const first = await events(run.id);
      await first.waitFor(1);
      await append(run, "run.started");
      await first.waitFor(2);
      const t0 = Date.now();
      await first.ended;
      expect(Date.now() - t0).toBeLessThan(5_000);
      expect(first.events.map((e) => e.event)).toEqual(["message", "message"]); // no `end`: the client reconnects
      await append(run, "step.started", "greet"); // committed while no stream is open
      const again = await events(run.id, { lastEventId: first.events.at(-1)!.id });
      await again.waitFor(1);
      expect(again.events.map((e) => [Number(e.id), (e.data as { type: string }).type])).toEqual([[3, "step.started"]]);
      await again.ended;
    } finally {
      delete process.env.SSE_MAX_STREAM_SECONDS;
    }
  });

  it("a run that already ended: replay then end at once; nothing after the last id → just end", async () => {
    const run = await newRun();
    await db.$transaction((tx) => finishRun(tx, ref(run), "canceled", {}));
    const s = await events(run.id);
    await s.ended;
    expect(s.events.map((e) => e.event)).toEqual(["message", "message", "end"]);
    const after = await events(run.id, { lastEventId: "2" });
    await after.ended;
    expect(after.events.map((e) => e.event)).toEqual(["end"]);
  });

  it("catches up on events committed while the listener reconnects", async () => {
    const run = await newRun();
    const s = await events(run.id);
    await s.waitFor(1);
    runEventHub.simulateConnectionLoss();
    await append(run, "run.started");
    await append(run, "step.started", "greet");
    const got = await s.waitFor(3, 15_000);
    expect(got.map((e) => Number(e.id))).toEqual([1, 2, 3]);
    expect(warnings.some((l) => l.includes("reconnecting"))).toBe(true);
  });

  it("the heartbeat catches up on an event whose notice never arrived", async () => {
    const run = await newRun();
    process.env.SSE_HEARTBEAT_MS = "150";
    let s: SseStream;
    try {
      s = await events(run.id);
    } finally {
      delete process.env.SSE_HEARTBEAT_MS;
    }
    await s.waitFor(1);
    // Written without pg_notify, as if the notice had been lost.
    await db.$transaction(async (tx) => {
      const { lastEventSeq } = await tx.run.update({ where: { id: run.id }, data: { lastEventSeq: { increment: 1 } } });
      await tx.runEvent.create({ data: { runId: run.id, seq: lastEventSeq, workspaceId: t.workspace.id, projectId: t.project.id, type: "run.started" } });
    });
    const got = await s.waitFor(2, 3000);
    expect(got.map((e) => (e.data as { type: string }).type)).toEqual(["run.queued", "run.started"]);
  });

  it("hanging up unsubscribes the stream from the hub", async () => {
    const run = await newRun();
    const before = runEventHub.size;
    const s = await events(run.id);
    await s.waitFor(1);
    expect(runEventHub.size).toBe(before + 1);
    s.close();
    await s.ended;
    await new Promise((r) => setTimeout(r, 50));
    expect(runEventHub.size).toBe(before);
  });

  it("401, 403 for a token without workflow:read, 404 for another tenant's run, 422 for a bad lastEventId", async () => {
    const run = await newRun();
    expect((await call(eventsRoute, "/x", { headers: { "x-project-id": t.project.slug }, params: { id: run.id } })).status).toBe(401);
    const token = await asToken(t.owner, t.workspace.id, { scopes: ["workflow:run"] });
    expect((await call(eventsRoute, "/x", { headers: { ...token, "x-project-id": t.project.slug }, params: { id: run.id } })).status).toBe(403);
    const theirWf = await createTestWorkflow({ workspaceId: foreign.workspace.id, projectId: foreign.project.id });
    const theirs = await newRun(foreign, foreign.project.id, theirWf.workflow.id);
    const res = await call(eventsRoute, "/x", { headers: hdr(), params: { id: theirs.id } });
    expect(res.status).toBe(404);
    expect(res.json.error.code).toBe("not_found");
    expect((await call(eventsRoute, "/x", { headers: hdr(), params: { id: run.id }, query: { lastEventId: "-1" } })).status).toBe(422);
  });
});

describe("GET /v1/runs/live", () => {
  it("every run event of the project with the run's summary; other projects and tenants are not seen", async () => {
    const s = await openSse(liveRoute, "/v1/runs/live", { headers: hdr() });
    open.push(s);
    expect(s.status).toBe(200);
    const theirWf = await createTestWorkflow({ workspaceId: foreign.workspace.id, projectId: foreign.project.id });
    await newRun(foreign, foreign.project.id, theirWf.workflow.id);
    const otherWf = await createTestWorkflow({ workspaceId: t.workspace.id, projectId: t.other.id });
    await newRun(t, t.other.id, otherWf.workflow.id);
    const run = await newRun();
    await append(run, "run.started");
    await db.run.update({ where: { id: run.id }, data: { status: "running" } });
    await append(run, "step.started", "greet");
    const got = await s.waitFor(3);
    expect(got.map((e) => e.data)).toEqual([
      expect.objectContaining({ runId: run.id, seq: 1, type: "run.queued" }),
      expect.objectContaining({ runId: run.id, seq: 2, type: "run.started" }),
      expect.objectContaining({ runId: run.id, seq: 3, type: "step.started", status: "running", run: expect.objectContaining({ id: run.id, status: "running", workflowId: wfId }) }),
    ]);
    await new Promise((r) => setTimeout(r, 300));
    expect(s.events.every((e) => (e.data as { runId: string }).runId === run.id)).toBe(true);
  });

  it("tells clients to resync after the listener reconnects", async () => {
    const s = await openSse(liveRoute, "/v1/runs/live", { headers: hdr() });
    open.push(s);
    await new Promise((r) => setTimeout(r, 50));
    runEventHub.simulateConnectionLoss();
    const [first] = await s.waitFor(1, 15_000);
    expect(first.event).toBe("resync");
  });

  it("401, 403 for a token without workflow:read, 404 for another tenant's project", async () => {
    expect((await call(liveRoute, "/v1/runs/live", { headers: { "x-project-id": t.project.slug } })).status).toBe(401);
    const token = await asToken(t.owner, t.workspace.id, { scopes: ["workflow:run"] });
    expect((await call(liveRoute, "/v1/runs/live", { headers: { ...token, "x-project-id": t.project.slug } })).status).toBe(403);
    expect((await call(liveRoute, "/v1/runs/live", { headers: hdr(t, foreign.project.id) })).status).toBe(404);
  });
});
