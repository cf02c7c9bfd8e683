import { db } from "@/lib/db/client";
import { ledgerState } from "@/test/factories/billing";
import type { FakeUpstream } from "@/test/support/fake-upstream";
import { SIDE_EFFECT_STEPS, type World } from "./seed";
import type { Traffic } from "./traffic";
import { sleep } from "./cluster";

// The fault test's invariants, read from the database and the counting upstream once the
// traffic has stopped. Each check returns a line for the report and whether it holds.

export type Check = { name: string; ok: boolean; detail: string };
export type Kill = { kind: string; instance: string; at: number };

const TERMINAL = ["succeeded", "failed", "canceled"] as const;

/** Waits (bounded) until every accepted run is terminal; returns how long it took. */
export async function waitTerminal(runIds: string[], timeoutMs: number): Promise<{ ms: number; pending: number }> {
  const t0 = Date.now();
  for (;;) {
    // An accepted delivery's run is created by a worker after the 202: one not there yet is pending too.
    const ids = [...new Set(runIds)];
    const done = await db.run.count({ where: { id: { in: ids }, status: { in: [...TERMINAL] } } });
    const pending = ids.length - done;
    if (pending === 0 || Date.now() - t0 > timeoutMs) return { ms: Date.now() - t0, pending };
    await sleep(500);
  }
}

export async function runChecks(world: World, traffic: Traffic, upstream: FakeUpstream, kills: Kill[]): Promise<Check[]> {
  const checks: Check[] = [];
  const keys = [...traffic.accepted.keys()];
  const runIds = [...traffic.accepted.values()];

  // One run per idempotency key (among all runs of the workflow, accepted or not), each terminal once.
  const runs = await db.run.findMany({ where: { workspaceId: world.workspaceId, workflowId: world.workflowId }, select: { id: true, status: true, input: true } });
  const perKey = new Map<string, string[]>();
  for (const r of runs) {
    const k = (r.input as { k?: string }).k ?? "?";
    perKey.set(k, [...(perKey.get(k) ?? []), r.id]);
  }
  const duplicated = [...perKey.entries()].filter(([, ids]) => ids.length > 1);
  const mismatched = keys.filter((k) => perKey.get(k)?.[0] !== traffic.accepted.get(k));
  const wrongOrAbsent = mismatched.map((k) => `${k} → ${traffic.accepted.get(k)}${perKey.has(k) ? ` (its run: ${perKey.get(k)!.join(", ")})` : " (no run)"}`);
  checks.push({ name: "one run per idempotency key", ok: duplicated.length === 0 && mismatched.length === 0 && traffic.abandoned.length === 0, detail: `${keys.length} keys accepted (${traffic.abandoned.length} abandoned), ${runs.length} runs of the workflow, ${duplicated.length} keys with more than one run${duplicated.length ? `: ${JSON.stringify(duplicated.slice(0, 3))}` : ""}, ${mismatched.length} answered with another run or not created${wrongOrAbsent.length ? `: ${wrongOrAbsent.slice(0, 5).join("; ")}` : ""}` });

  const byStatus = countBy(runs.filter((r) => runIds.includes(r.id)), (r) => r.status);
  const finished = await db.runEvent.groupBy({ by: ["runId"], where: { runId: { in: runIds }, type: { in: ["run.succeeded", "run.failed", "run.canceled"] } }, _count: true });
  const twice = finished.filter((f) => f._count !== 1);
  checks.push({ name: "every accepted run terminal exactly once", ok: byStatus.succeeded === runIds.length && finished.length === runIds.length && twice.length === 0, detail: `${JSON.stringify(byStatus)}; ${finished.length} with a terminal event, ${twice.length} with more than one` });

  // No completed step ran twice: per (run, step) one Idempotency-Key, no call after the step's
  // checkpoint, and a repeated call only for a step that was in flight when a worker was killed.
  const workerKills = kills.filter((k) => k.kind === "worker").map((k) => k.at);
  const steps = await db.runStep.findMany({ where: { runId: { in: runIds }, nodeId: { in: SIDE_EFFECT_STEPS } }, select: { runId: true, nodeId: true, status: true, finishedAt: true, attemptLog: true } });
  const calls = new Map<string, { key: string; at: number }[]>();
  for (const c of upstream.seen) {
    if (!c.key) continue;
    const [runId, nodeId] = c.key.split(":");
    calls.set(`${runId}:${nodeId}`, [...(calls.get(`${runId}:${nodeId}`) ?? []), { key: c.key, at: c.at }]);
  }
  let afterCheckpoint = 0;
  let otherKeys = 0;
  let repeatedInFlight = 0;
  let repeatedUnexplained = 0;
  const offenders: string[] = [];
  for (const s of steps) {
    const seen = calls.get(`${s.runId}:${s.nodeId}`) ?? [];
    const done = s.finishedAt?.getTime() ?? Infinity;
    afterCheckpoint += seen.filter((c) => c.at > done + 5).length;
    if (new Set(seen.map((c) => c.key)).size > 1) otherKeys++;
    if (seen.length > 1) {
      if (workerKills.some((k) => k >= seen[0].at && k <= done)) repeatedInFlight++;
      else repeatedUnexplained++;
    }
    if (seen.length > 1 && offenders.length < 5) {
      const attempts = (s.attemptLog as { attempt: number; error?: { code: string }; abandoned?: boolean }[] | null) ?? [];
      offenders.push(`${s.runId}/${s.nodeId}: calls ${seen.map((c) => `${c.key.split(":")[2]}@${new Date(c.at).toISOString().slice(11, 23)}`).join(" ")}; attempts ${attempts.map((a) => `${a.attempt}${a.abandoned ? " abandoned" : a.error ? ` ${a.error.code}` : " ok"}`).join(", ")}`);
    }
  }
  const missing = runIds.length * SIDE_EFFECT_STEPS.length - steps.filter((s) => s.status === "succeeded").length;
  checks.push({ name: "no completed step ran twice", ok: afterCheckpoint === 0 && otherKeys === 0 && repeatedUnexplained === 0 && missing === 0, detail: `${steps.length} side-effect steps, ${upstream.seen.filter((c) => c.key).length} upstream calls; ${afterCheckpoint} after a checkpoint, ${otherKeys} with a second key, ${repeatedInFlight} repeated (same key) because a worker died mid-call, ${repeatedUnexplained} repeated otherwise, ${missing} not succeeded${offenders.length ? `\n      ${offenders.join("\n      ")}` : ""}` });

  // Gateway calls the client saw complete: exactly one usage record each; none has two.
  const gwRunIds = traffic.gatewayCalls.map((c) => c.runId);
  const agentRuns = (await db.run.findMany({ where: { workspaceId: world.workspaceId, kind: "agent" }, select: { id: true } })).map((r) => r.id);
  const usage = await db.usageRecord.groupBy({ by: ["runId"], where: { runId: { in: agentRuns } }, _count: true });
  const usageOf = new Map(usage.map((u) => [u.runId, u._count]));
  const notOne = gwRunIds.filter((id) => usageOf.get(id) !== 1);
  const doubled = usage.filter((u) => u._count > 1);
  checks.push({ name: "one usage record per completed gateway call", ok: notOne.length === 0 && doubled.length === 0 && new Set(gwRunIds).size === gwRunIds.length, detail: `${gwRunIds.length} completed (${traffic.gatewayCalls.filter((c) => c.kind === "llm").length} LLM, ${traffic.gatewayCalls.filter((c) => c.kind === "tool").length} tool), ${notOne.length} without exactly one record, ${doubled.length} gateway runs with two or more` });

  // The ledger balances: cached balance = sum of entries; usage charges = usage debits, one each.
  const ledger = await ledgerState(world.workspaceId);
  const [charged] = await db.$queryRaw<{ charges: bigint | null; records: bigint; debits: bigint | null; entries: bigint }[]>`
    SELECT (SELECT SUM(charge) FROM "UsageRecord" WHERE "workspaceId" = ${world.workspaceId})::bigint AS charges,
           (SELECT COUNT(*) FROM "UsageRecord" WHERE "workspaceId" = ${world.workspaceId} AND charge > 0)::bigint AS records,
           (SELECT -SUM(amount) FROM "LedgerEntry" WHERE "workspaceId" = ${world.workspaceId} AND kind = 'usage')::bigint AS debits,
           (SELECT COUNT(*) FROM "LedgerEntry" WHERE "workspaceId" = ${world.workspaceId} AND kind = 'usage')::bigint AS entries`;
  const heldByOpenRuns = await db.run.aggregate({ where: { workspaceId: world.workspaceId, status: { notIn: [...TERMINAL] } }, _sum: { creditHold: true } });
  checks.push({ name: "ledger balances", ok: ledger.sum === ledger.balance && (charged.charges ?? 0n) === (charged.debits ?? 0n) && charged.records === charged.entries, detail: `balance ${ledger.balance} = sum of ${ledger.count} entries ${ledger.sum}; usage charges ${charged.charges ?? 0n} in ${charged.records} records = usage debits ${charged.debits ?? 0n} in ${charged.entries} entries; held ${ledger.held} (open runs hold ${heldByOpenRuns._sum.creditHold ?? 0n})` });
  return checks;
}

export function countBy<T>(xs: T[], f: (x: T) => string): Record<string, number> {
  const m: Record<string, number> = {};
  for (const x of xs) m[f(x)] = (m[f(x)] ?? 0) + 1;
  return m;
}
