// The goals every benchmark measures against, gathered for `npm run bench`'s closing table:
// each bench appends its rows to .data/bench-goals.ndjson (the `bench` script empties it
// first) and bench/summary.ts prints them together. A bench run on its own prints its own table
// as before and leaves its rows for the next summary.
import { appendFileSync, mkdirSync } from "node:fs";
import path from "node:path";

export const GOALS_FILE = path.join(".data", "bench-goals.ndjson");

export type GoalRow = { bench: string; measure: string; result: string; goal: string; met: boolean };

export function recordGoal(row: GoalRow): void {
  mkdirSync(path.dirname(GOALS_FILE), { recursive: true });
  appendFileSync(GOALS_FILE, `${JSON.stringify({ ...row, at: new Date().toISOString() })}\n`);
}
