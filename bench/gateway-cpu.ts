// CPU time of the bench's processes, read from /proc (Linux; elsewhere every figure is NaN): on
// a small machine every target shares the cores with the others, so the CPU a target spends
// per request explains its requests/s better than wall time alone.
import { readdirSync, readFileSync } from "node:fs";

const TICK_MS = 10; // USER_HZ is 100 on Linux

export type Stat = { pid: number; ppid: number; pgrp: number; cpuMs: number };

function stats(): Stat[] {
  const out: Stat[] = [];
  let pids: string[];
  try {
    pids = readdirSync("/proc").filter((d) => /^\d+$/.test(d));
  } catch {
    return out;
  }
  for (const pid of pids) {
    try {
      const raw = readFileSync(`/proc/${pid}/stat`, "utf8");
      // Fields after the command name, which may hold spaces: state ppid pgrp … utime(11) stime(12).
      const f = raw.slice(raw.lastIndexOf(")") + 2).split(" ");
      out.push({ pid: Number(pid), ppid: Number(f[1]), pgrp: Number(f[2]), cpuMs: (Number(f[11]) + Number(f[12])) * TICK_MS });
    } catch {
      // gone meanwhile
    }
  }
  return out;
}

export type CpuSnapshot = Map<number, Stat>;

export function cpuSnapshot(): CpuSnapshot {
  return new Map(stats().map((s) => [s.pid, s]));
}

/**
 * CPU ms spent between two snapshots by the processes `pick` selects. A process born in between
 * (a new database connection) counts whole; one that ended in between is missed.
 */
export function cpuBetween(a: CpuSnapshot, b: CpuSnapshot, pick: (s: Stat) => boolean): number {
  if (b.size === 0) return NaN;
  let ms = 0;
  for (const s of b.values()) if (pick(s)) ms += s.cpuMs - (a.get(s.pid)?.cpuMs ?? 0);
  return ms;
}

/** The postmaster's pid, from its data directory. */
export function postmasterPid(dataDir: string): number | null {
  try {
    return Number(readFileSync(`${dataDir}/postmaster.pid`, "utf8").split("\n")[0]) || null;
  } catch {
    return null;
  }
}
