// The closing table of `npm run bench`: every benchmark's goals (bench/goals.ts), measured in
// this run, each as the bench reported it — ratios against a baseline of the same run, or
// latencies — and whether it is met.
import { existsSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import { GOALS_FILE, type GoalRow } from "./goals";

// `--reset`: the start of `npm run bench`, forgetting the rows of earlier runs.
if (process.argv.includes("--reset")) {
  rmSync(GOALS_FILE, { force: true });
  process.exit(0);
}

const rows: GoalRow[] = existsSync(GOALS_FILE)
  ? readFileSync(GOALS_FILE, "utf8")
      .split("\n")
      .filter(Boolean)
      .map((l) => JSON.parse(l) as GoalRow)
  : [];
const width = (k: keyof GoalRow) => Math.max(k.length, ...rows.map((r) => String(r[k]).length));
const w = { bench: width("bench"), measure: width("measure"), result: width("result"), goal: width("goal") };
console.log(`\n== npm run bench: every goal — ${new Date().toISOString().slice(0, 10)}, ${os.cpus().length} × ${os.cpus()[0]?.model.trim()}, load avg ${os.loadavg()[0].toFixed(2)} ==\n`);
console.log(`${"bench".padEnd(w.bench)}  ${"measure".padEnd(w.measure)}  ${"result".padEnd(w.result)}  ${"goal".padEnd(w.goal)}  met`);
for (const r of rows) console.log(`${r.bench.padEnd(w.bench)}  ${r.measure.padEnd(w.measure)}  ${r.result.padEnd(w.result)}  ${r.goal.padEnd(w.goal)}  ${r.met ? "yes" : "no"}`);
console.log(`\n${rows.filter((r) => r.met).length} of ${rows.length} goals met`);
