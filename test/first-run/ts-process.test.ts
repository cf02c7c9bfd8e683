// The worker and gateway are started as one node process with tsx as a module hook
// (scripts/launcher/ts-process.ts): SIGTERM reaches their own drain however busy they are. Under
// the tsx CLI, a child that did not acknowledge the signal within ~60 ms was SIGKILLed and the
// process exited 143 (a gateway's streams were cut in the fault test).
import { spawn } from "node:child_process";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { tsProcessArgs } from "@/scripts/launcher/ts-process";

const root = path.resolve(import.meta.dirname, "../..");

/** Starts `args` as its own process group, SIGTERMs the group once it is ready, resolves with the exit and output. */
function sigtermWhenReady(args: string[]): Promise<{ code: number | null; signal: NodeJS.Signals | null; out: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd: root, detached: true, stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    let sent = false;
    const timer = setTimeout(() => {
      process.kill(-child.pid!, "SIGKILL");
      reject(new Error(`no exit within 30 s: ${out}`));
    }, 30_000);
    child.stderr.on("data", (d) => (out += d));
    child.stdout.on("data", (d) => {
      out += d;
      if (!sent && out.includes("ready")) {
        sent = true;
        // As the launcher and an orchestrator's process-group stop do: every process of the group.
        setTimeout(() => process.kill(-child.pid!, "SIGTERM"), 300);
      }
    });
    child.on("exit", (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, out });
    });
  });
}

describe("worker and gateway process command", () => {
  it("is one node process with the tsx hook and the react-server condition", () => {
    expect(tsProcessArgs("worker/main.ts")).toEqual(["--conditions=react-server", "--import", "tsx", "worker/main.ts"]);
  });

  it("SIGTERM to a process whose event loop is busy: its own handler drains and it exits 0 (3 times)", { timeout: 60_000 }, async () => {
    for (let i = 0; i < 3; i++) {
      const exit = await sigtermWhenReady(tsProcessArgs("test/first-run/fixtures/busy-drain.ts"));
      expect(exit).toMatchObject({ code: 0, signal: null });
      expect(exit.out).toMatch(/draining \d+\n[\s\S]*drained/);
    }
  });
});
