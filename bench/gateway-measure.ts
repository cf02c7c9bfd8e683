// The measuring and the printout of bench/gateway.ts, for one scenario over every target. The
// targets take turns (interleaved rounds, a different one first each round) so a noisy
// neighbour on the machine does not land on one target only.
import os from "node:os";
import { cpuBetween, cpuSnapshot } from "./gateway-cpu";
import { pct, type Driver, type Scenario } from "./gateway-load";
import { recordGoal } from "./goals";

export type Plan = { requests: number; seconds: number; concurrency: number; c1Rounds: number; cNRounds: number };

/** Who answers for each target (its process group), and the postmaster: their CPU is counted at c=N. */
export type CpuOwners = { groups: Map<string, number>; postmaster: number | null };

type Result = { name: string; latencies: number[]; done: number; seconds: number; failures: string; cpu: { server: number; postgres: number; client: number } };

/**
 * One scenario over the drivers that answer it: a target whose first answer is not a 200 is left
 * out (Portkey, with the reason in `skipped`); for the others that is an error.
 */
export async function measure(all: Driver[], scenario: Scenario, plan: Plan, owners: CpuOwners, skipped: Map<string, string>): Promise<Result[]> {
  const drivers: Driver[] = [];
  for (const d of all) {
    d.use(scenario);
    const status = await d.send();
    if (status === 200) drivers.push(d);
    else if (d.target.name === "portkey") skipped.set(d.target.name, `answered ${status} to the first request`);
    else throw new Error(`${d.target.name} answered ${status} to the first request of the ${scenario.name}`);
  }
  const results = new Map(drivers.map((d) => [d, { name: d.target.name, latencies: [] as number[], done: 0, seconds: 0, failures: "", cpu: { server: 0, postgres: 0, client: 0 } }]));
  // Warm-up: JIT, pools, caches (the gateway's agent and target caches, Portkey's).
  for (const d of drivers) {
    await d.sequential(300);
    await d.concurrent(plan.concurrency, 1_500);
  }
  const rotate = (round: number) => drivers.map((_, i) => drivers[(i + round) % drivers.length]);
  for (let round = 0; round < plan.c1Rounds; round++) {
    for (const d of rotate(round)) results.get(d)!.latencies.push(...(await d.sequential(Math.ceil(plan.requests / plan.c1Rounds))));
  }
  for (let round = 0; round < plan.cNRounds; round++) {
    for (const d of rotate(round)) {
      const group = owners.groups.get(d.target.name) ?? -1;
      const before = cpuSnapshot();
      const client0 = process.cpuUsage();
      const { done, seconds } = await d.concurrent(plan.concurrency, (plan.seconds * 1000) / plan.cNRounds);
      const client = process.cpuUsage(client0);
      const after = cpuSnapshot();
      const r = results.get(d)!;
      r.done += done;
      r.seconds += seconds;
      r.cpu.server += cpuBetween(before, after, (s) => s.pgrp === group);
      r.cpu.postgres += cpuBetween(before, after, (s) => s.pid === owners.postmaster || s.ppid === owners.postmaster);
      r.cpu.client += (client.user + client.system) / 1000;
    }
  }
  for (const [d, r] of results) r.failures = [...d.statuses].filter(([s]) => s !== 200).map(([s, n]) => `${n}× ${s}`).join(", ");
  return [...results.values()];
}

export function machineNote(): string {
  return `${new Date().toISOString().slice(0, 10)}, ${os.cpus().length} × ${os.cpus()[0]?.model.trim()}, load avg ${os.loadavg()[0].toFixed(2)}, Node ${process.version}`;
}

export function report(scenario: Scenario, results: Result[], plan: Plan, portkeyProblem: string | undefined): void {
  const by = (name: string) => results.find((r) => r.name === name);
  const direct = by("direct")!;
  const rps = (r: Result) => r.done / r.seconds;
  const ms = (x: number) => x.toFixed(3);
  const c = plan.concurrency;
  console.log(`\n== bench:gateway, ${scenario.name} — ${machineNote()} ==`);
  console.log(`c=1: ${plan.requests} sequential requests per target; c=${c}: ${plan.seconds} s per target\n`);
  console.log(`${"".padEnd(9)} ${"c=1".padStart(8)} ${"".padStart(8)} ${"".padStart(8)} ${"".padStart(8)} ${`c=${c}`.padStart(8)}  CPU ms per request at c=${c}`);
  console.log(`${"target".padEnd(9)} ${"p50 ms".padStart(8)} ${"p99 ms".padStart(8)} ${"+p50 ms".padStart(8)} ${"+p99 ms".padStart(8)} ${"req/s".padStart(8)}  ${"server".padStart(6)} ${"pg".padStart(6)} ${"client".padStart(6)}  failures`);
  for (const r of results) {
    const p50 = pct(r.latencies, 50);
    const p99 = pct(r.latencies, 99);
    const added = r === direct ? ["", ""] : [ms(p50 - pct(direct.latencies, 50)), ms(p99 - pct(direct.latencies, 99))];
    const perReq = (x: number) => (x / r.done).toFixed(3).padStart(6);
    console.log(`${r.name.padEnd(9)} ${ms(p50).padStart(8)} ${ms(p99).padStart(8)} ${added[0].padStart(8)} ${added[1].padStart(8)} ${rps(r).toFixed(0).padStart(8)}  ${perReq(r.cpu.server)} ${perReq(r.cpu.postgres)} ${perReq(r.cpu.client)}  ${r.failures || "none"}`);
  }
  const gw = by("gateway")!;
  const proxy = by("proxy")!;
  const portkey = by("portkey");
  const addedP50 = pct(gw.latencies, 50) - pct(direct.latencies, 50);
  const vsProxy = rps(gw) / rps(proxy);
  console.log("");
  console.log(`gateway added p50 at c=1:       ${ms(addedP50)} ms (goal ≤ 0.5 ms${addedP50 <= 0.5 ? "" : ", not met"})`);
  if (portkey) {
    const vsPortkey = rps(gw) / rps(portkey);
    console.log(`gateway vs Portkey, c=${c}:       ${vsPortkey.toFixed(2)} × (goal ≥ 5 ×${vsPortkey >= 5 ? "" : ", not met"})`);
  } else console.log(`gateway vs Portkey:             not measured — Portkey ${portkeyProblem}`);
  console.log(`gateway vs minimal proxy, c=${c}: ${(vsProxy * 100).toFixed(0)} % (goal ≥ 80 %${vsProxy >= 0.8 ? "" : ", not met"})`);
  const what = scenario.name.split(" (")[0];
  recordGoal({ bench: "gateway", measure: `${what}: added p50, c=1`, result: `${ms(addedP50)} ms`, goal: "≤ 0.5 ms", met: addedP50 <= 0.5 });
  if (portkey) recordGoal({ bench: "gateway", measure: `${what}: req/s vs Portkey, c=${c}`, result: `${(rps(gw) / rps(portkey)).toFixed(2)} ×`, goal: "≥ 5 ×", met: rps(gw) / rps(portkey) >= 5 });
  recordGoal({ bench: "gateway", measure: `${what}: req/s vs minimal proxy, c=${c}`, result: `${(vsProxy * 100).toFixed(0)} %`, goal: "≥ 80 %", met: vsProxy >= 0.8 });
}
