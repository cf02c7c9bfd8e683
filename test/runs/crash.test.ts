import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { startRun } from "@/lib/runs/start-run";
import { createTestWorkflow } from "@/test/factories/workflows";
import { startFakeUpstream, type FakeUpstream } from "@/test/support/fake-upstream";
import { allowLoopbackEgress, engineTenant, graph, http, output, trigger } from "@/test/support/run-worker";

// kill -9 real worker processes (scripts/worker.ts) while they execute http steps, 20 times,
// with runs flowing the whole time. Afterwards: every run succeeded exactly once, no step that
// had completed was executed again (the upstream counts requests per idempotency key), nothing
// was charged twice, and each killed worker's runs resumed within the heartbeat window.

const KILLS = 20;
const WORKERS = 3;
const root = path.resolve(import.meta.dirname, "../..");
const LOCK_NAMESPACE = 0x52554e;

let upstream: FakeUpstream;
let restoreEgress: () => void;
const workers = new Map<number, ChildProcess>();
const output_: string[] = [];

function spawnWorker(): ChildProcess {
  const child = spawn(process.execPath, ["--conditions=react-server", "--import", "tsx", "scripts/worker.ts"], {
    cwd: root,
    env: {
      ...process.env,
      RUN_HEARTBEAT_SECONDS: "10",
      BOSS_SUPERVISE_SECONDS: "1",
      BOSS_MONITOR_SECONDS: "1",
      MAINTENANCE_INTERVAL_MS: "2000",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const keep = (d: Buffer) => {
    if (output_.length < 5000) output_.push(`[${child.pid}] ${d.toString().trim()}`);
  };
  child.stdout!.on("data", keep);
  child.stderr!.on("data", keep);
  workers.set(child.pid!, child);
  child.on("exit", () => workers.delete(child.pid!));
  return child;
}

/** Worker pids that hold run locks right now (they are executing steps), with their runs' lock counts. */
async function busyWorkers(): Promise<number[]> {
  const rows = await db.$queryRaw<{ app: string }[]>`
    SELECT a.application_name AS app FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
     WHERE l.locktype = 'advisory' AND l.granted AND l.classid = ${LOCK_NAMESPACE}::int::oid AND a.application_name LIKE 'agentruntime-run-locks:%'`;
  return [...new Set(rows.map((r) => Number(r.app.split(":")[1])))].filter((pid) => workers.has(pid));
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

beforeAll(async () => {
  upstream = await startFakeUpstream();
  restoreEgress = allowLoopbackEgress();
});
afterAll(async () => {
  for (const w of workers.values()) w.kill("SIGKILL");
  restoreEgress();
  await upstream.close();
});

describe("worker crashes", () => {
  it(`kill -9 during steps, ${KILLS} times: 0 runs lost, 0 completed steps re-run, 0 runs finished twice, 0 double charges`, { timeout: 240_000 }, async () => {
    const t = await engineTenant(upstream.url);
    await db.workspace.update({ where: { id: t.workspace.id }, data: { maxConcurrentRuns: 1000 } });
    const steps = ["s1", "s2", "s3", "s4", "s5"];
    const g = graph(
      [trigger(), ...steps.map((s, i) => http(s, t.connectionId, `/ok/${s}?delay=${250 + i * 40}`, { timeoutMs: 10_000 })), output("output", "steps.s5.output.body.path")],
      ["trigger>s1", "s1>s2", "s2>s3", "s3>s4", "s4>s5", "s5>output"],
    );
    const { workflow } = await createTestWorkflow({ workspaceId: t.workspace.id, projectId: t.project.id, graph: g });
    const runIds: string[] = [];
    const start = async (n: number) => {
      for (let i = 0; i < n; i++) {
        const r = await startRun({ workspaceId: t.workspace.id, projectId: t.project.id, workflowId: workflow.id, input: {}, trigger: "api", budget: 20_000 });
        runIds.push(r.id);
      }
    };

    for (let i = 0; i < WORKERS; i++) spawnWorker();
    await start(6);
    // Wait for the workers to come up and start executing.
    for (let i = 0; i < 300 && (await busyWorkers()).length === 0; i++) await sleep(100);

    const kills: { at: number; pid: number }[] = [];
    while (kills.length < KILLS) {
      await start(1);
      await sleep(400 + Math.random() * 800);
      const busy = await busyWorkers();
      if (busy.length === 0) continue;
      const pid = busy[Math.floor(Math.random() * busy.length)];
      workers.get(pid)?.kill("SIGKILL");
      kills.push({ at: Date.now(), pid });
      spawnWorker();
    }

    // Everything finishes: nothing lost.
    const deadline = Date.now() + 90_000;
    let statuses: { status: string }[] = [];
    while (Date.now() < deadline) {
      statuses = await db.run.findMany({ where: { id: { in: runIds } }, select: { status: true } });
      if (statuses.every((s) => s.status === "succeeded" || s.status === "failed" || s.status === "canceled")) break;
      await sleep(250);
    }
    const byStatus = statuses.reduce<Record<string, number>>((m, s) => ((m[s.status] = (m[s.status] ?? 0) + 1), m), {});
    if (byStatus.succeeded !== runIds.length) console.log(output_.slice(-60).join("\n"));
    expect(byStatus).toEqual({ succeeded: runIds.length });

    // Finished exactly once.
    const finished = await db.runEvent.groupBy({ by: ["runId", "type"], where: { runId: { in: runIds }, type: { in: ["run.succeeded", "run.failed"] } }, _count: true });
    expect(finished.filter((f) => f.type !== "run.succeeded" || f._count !== 1)).toEqual([]);
    expect(finished).toHaveLength(runIds.length);

    // No completed step ran again: no request for a (run, node) after its checkpoint, and only an
    // in-flight attempt (interrupted by a kill) was ever repeated, with the same key.
    const rows = await db.runStep.findMany({ where: { runId: { in: runIds }, nodeId: { in: steps } }, select: { runId: true, nodeId: true, status: true, attempts: true, finishedAt: true, startedAt: true } });
    expect(rows.every((r) => r.status === "succeeded")).toBe(true);
    let repeatedInFlight = 0;
    for (const r of rows) {
      const calls = upstream.seen.filter((c) => c.key?.startsWith(`${r.runId}:${r.nodeId}:`));
      expect(calls.filter((c) => c.at > r.finishedAt!.getTime() + 5)).toEqual([]);
      expect(new Set(calls.map((c) => c.key))).toEqual(new Set([`${r.runId}:${r.nodeId}:1`]));
      if (calls.length > 1) {
        repeatedInFlight++;
        // Repeated only because a worker died between the first call and the checkpoint.
        expect(kills.some((k) => k.at >= calls[0].at - 50 && k.at <= r.finishedAt!.getTime())).toBe(true);
      }
    }

    // Charged once: one usage record per (run, node, kind), the ledger matches, spent matches.
    const usage = await db.usageRecord.findMany({ where: { runId: { in: runIds } }, select: { runId: true, nodeId: true, kind: true, charge: true } });
    const keys = usage.map((u) => `${u.runId}:${u.nodeId}:${u.kind}`);
    expect(new Set(keys).size).toBe(keys.length);
    expect(usage).toHaveLength(runIds.length * (steps.length * 2 + 2));
    const ledger = await db.ledgerEntry.aggregate({ where: { runId: { in: runIds } }, _sum: { amount: true } });
    const charged = usage.reduce((s, u) => s + u.charge, 0n);
    expect(ledger._sum.amount).toBe(-charged);
    const spent = await db.run.aggregate({ where: { id: { in: runIds } }, _sum: { spent: true } });
    expect(spent._sum.spent).toBe(charged);

    // The kills really interrupted steps, and their runs resumed within the heartbeat window.
    const resumed = await db.runEvent.findMany({ where: { runId: { in: runIds }, type: "step.started" }, select: { data: true, createdAt: true } });
    const resumes = resumed.filter((e) => (e.data as { resumed?: boolean }).resumed);
    const jobs = await db.$queryRawUnsafe<{ retries: number; n: number }[]>(`SELECT retry_count AS retries, count(*)::int AS n FROM pgboss.job WHERE name = 'runs' GROUP BY 1 ORDER BY 1`);
    console.log(JSON.stringify({ kills, jobs, resumes: resumes.length, repeatedInFlight }));
    console.log(output_.filter((l) => /error|stopped|locked/.test(l)).slice(0, 30).join("\n"));
    const sample = await db.$queryRawUnsafe<{ key: string }[]>(`SELECT singleton_key AS key FROM pgboss.job WHERE name = 'runs' AND retry_count >= 2 LIMIT 2`);
    for (const s of sample) console.log("EVENTS", s.key, JSON.stringify((await db.runEvent.findMany({ where: { runId: s.key }, orderBy: { seq: "asc" } })).map((e) => [e.type, e.nodeId, e.createdAt.getTime() % 100000, (e.data as { resumed?: boolean }).resumed ?? null])));
    expect(resumes.length).toBeGreaterThanOrEqual(KILLS / 2);
    for (const e of resumes) {
      const kill = kills.filter((k) => k.at <= e.createdAt.getTime()).at(-1)!;
      expect(e.createdAt.getTime() - kill.at).toBeLessThan(25_000);
    }
    console.log(`crash test: ${runIds.length} runs, ${KILLS} kills, ${resumes.length} steps resumed after a kill, ${repeatedInFlight} in-flight calls repeated (same key), max recovery ${Math.max(...resumes.map((e) => e.createdAt.getTime() - kills.filter((k) => k.at <= e.createdAt.getTime()).at(-1)!.at))} ms`);
  });
});
