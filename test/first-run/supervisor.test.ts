// The launcher keeps its children running: kill -9 of one restarts that one (after a backoff),
// leaves the others alone, and a child that keeps dying stops everything, naming it. Real child
// processes, each leading its own process group as the launcher's do.
import { spawn, type ChildProcess } from "node:child_process";
import { afterEach, describe, expect, it } from "vitest";
import { Supervisor } from "@/scripts/launcher/supervisor";

type Spec = { name: string; script: string };

const started: ChildProcess[] = [];
afterEach(() => {
  for (const c of started) {
    try {
      process.kill(-c.pid!, "SIGKILL");
    } catch {
      // already gone
    }
  }
  started.length = 0;
});

function harness(opts: { backoffMs?: number; limit?: number } = {}) {
  const logs: string[] = [];
  const gaveUp: string[] = [];
  const starts: Record<string, number> = {};
  const sup = new Supervisor<Spec>({
    launch: (spec) => {
      const child = spawn(process.execPath, ["-e", spec.script], { stdio: "ignore", detached: true });
      started.push(child);
      return child;
    },
    reap: (child) => {
      try {
        process.kill(-child.pid!, "SIGKILL");
      } catch {
        // group gone
      }
    },
    log: (m) => logs.push(m),
    giveUp: (spec, reason) => gaveUp.push(`${spec.name}: ${reason}`),
    started: (spec) => void (starts[spec.name] = (starts[spec.name] ?? 0) + 1),
    backoff: { initialMs: opts.backoffMs ?? 100, maxMs: 1_000, stableMs: 60_000 },
    crashLoop: { limit: opts.limit ?? 5, windowMs: 60_000 },
  });
  return { sup, logs, gaveUp, starts };
}

const until = async (cond: () => boolean, ms = 10_000) => {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error("timed out");
    await new Promise((r) => setTimeout(r, 20));
  }
};

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe("the launcher's supervisor", () => {
  it("restarts a child killed with SIGKILL, leaves the others running", async () => {
    const { sup, logs, gaveUp, starts } = harness();
    const forever = "setInterval(() => {}, 1000)";
    sup.start({ name: "worker", script: forever });
    sup.start({ name: "gateway", script: forever });
    const worker = sup.children.get("worker")!;
    const gateway = sup.children.get("gateway")!;
    worker.kill("SIGKILL");
    await until(() => starts.worker === 2);
    expect(sup.children.get("worker")!.pid).not.toBe(worker.pid);
    expect(alive(sup.children.get("worker")!.pid!)).toBe(true);
    expect(sup.children.get("gateway")).toBe(gateway);
    expect(alive(gateway.pid!)).toBe(true);
    expect(starts.gateway).toBe(1);
    expect(logs.some((l) => l.includes("worker exited unexpectedly (SIGKILL); restarting it in 0.1 s"))).toBe(true);
    expect(gaveUp).toEqual([]);
    sup.stop();
  });

  it("kills what a dead child left in its process group (a grandchild holding the port)", async () => {
    const { sup, starts } = harness();
    // The child starts a grandchild in its own group, prints its pid, then waits.
    const script = `const { spawn } = require("node:child_process"); const g = spawn(process.execPath, ["-e", "setInterval(() => {}, 1000)"], { stdio: "ignore" }); require("node:fs").writeFileSync(process.env.GRANDCHILD_FILE, String(g.pid)); setInterval(() => {}, 1000);`;
    const file = `/tmp/ar-supervisor-${process.pid}-${Date.now()}`;
    process.env.GRANDCHILD_FILE = file;
    sup.start({ name: "web", script });
    const fs = await import("node:fs");
    await until(() => fs.existsSync(file) && fs.readFileSync(file, "utf8").length > 0);
    const grandchild = Number(fs.readFileSync(file, "utf8"));
    expect(alive(grandchild)).toBe(true);
    sup.children.get("web")!.kill("SIGKILL");
    await until(() => starts.web === 2);
    await until(() => !alive(grandchild));
    sup.stop();
    fs.rmSync(file, { force: true });
    delete process.env.GRANDCHILD_FILE;
  });

  it("gives up on a crash loop and says which child", async () => {
    const { sup, gaveUp, starts } = harness({ backoffMs: 10, limit: 4 });
    sup.start({ name: "gateway", script: "process.exit(3)" });
    await until(() => gaveUp.length === 1);
    expect(starts.gateway).toBe(4);
    expect(gaveUp[0]).toMatch(/^gateway: gateway exited 4 times within 60 s \(last: code 3\): a crash loop$/);
    // No restart after giving up.
    await new Promise((r) => setTimeout(r, 200));
    expect(starts.gateway).toBe(4);
  });

  it("backs off: each restart waits twice as long as the last", async () => {
    const { sup, logs, gaveUp } = harness({ backoffMs: 100, limit: 4 });
    sup.start({ name: "worker", script: "process.exit(1)" });
    await until(() => gaveUp.length === 1);
    expect(logs.filter((l) => l.startsWith("worker exited")).map((l) => l.replace(/.*restarting it in /, ""))).toEqual(["0.1 s", "0.2 s", "0.4 s"]);
  });
});
