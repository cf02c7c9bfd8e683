import { spawn, type ChildProcess } from "node:child_process";
import { createWriteStream, mkdirSync, type WriteStream } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { tsProcessArgs } from "../../scripts/launcher/ts-process";
import type { Backend } from "./balancer";

// The fault test's processes, started the way scripts/start.ts starts them (web: `next start`
// with the peer-address preload; worker and gateway: scripts/launcher/ts-process.ts), each
// leading its own process group so kill -9 reaches `next`'s server too. Output goes to one log
// file per instance under .data/fault/logs.

export type Kind = "web" | "gateway" | "worker";

export type Member = {
  kind: Kind;
  name: string;
  /** Listening port (web, gateway); 0 for workers. */
  port: number;
  generation: number;
  child: ChildProcess | null;
  /** For the balancers: the same object, so a restart's new generation is seen at once. */
  backend: Backend | null;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }> | null;
};

export class Cluster {
  readonly members: Member[] = [];
  private logs: WriteStream[] = [];

  constructor(
    private root: string,
    private env: Record<string, string>,
    private logDir: string,
  ) {
    mkdirSync(logDir, { recursive: true });
  }

  add(kind: Kind, name: string, port = 0): Member {
    const m: Member = { kind, name, port, generation: -1, child: null, backend: port ? { name, port, generation: 0 } : null, exited: null };
    this.members.push(m);
    return m;
  }

  of(kind: Kind): Member[] {
    return this.members.filter((m) => m.kind === kind);
  }

  /** Starts (or restarts) one member and resolves when it is ready. */
  async start(m: Member, timeoutMs = 180_000): Promise<number> {
    const t0 = Date.now();
    m.generation++;
    if (m.backend) m.backend.generation = m.generation;
    const bin = (name: string) => path.join(this.root, "node_modules", ".bin", name);
    const env: Record<string, string> = { ...this.env };
    let args: string[];
    if (m.kind === "web") {
      args = ["--import", pathToFileURL(path.join(this.root, "scripts/web-preload.mjs")).href, bin("next"), "start", "-p", String(m.port), "-H", "127.0.0.1"];
    } else {
      args = tsProcessArgs(`${m.kind}/main.ts`);
      if (m.kind === "gateway") Object.assign(env, { GATEWAY_PORT: String(m.port), GATEWAY_HOST: "127.0.0.1" });
    }
    const log = createWriteStream(path.join(this.logDir, `${m.name}.${m.generation}.log`));
    this.logs.push(log);
    const child = spawn(process.execPath, args, { cwd: this.root, env: env as NodeJS.ProcessEnv, stdio: ["ignore", "pipe", "pipe"], detached: true });
    m.child = child;
    child.stdout!.pipe(log, { end: false });
    child.stderr!.pipe(log, { end: false });
    m.exited = new Promise((resolve) => child.once("exit", (code, signal) => resolve({ code, signal })));
    await this.ready(m, child, t0 + timeoutMs);
    return Date.now() - t0;
  }

  private async ready(m: Member, child: ChildProcess, deadline: number): Promise<void> {
    if (m.kind === "worker") {
      await new Promise<void>((resolve, reject) => {
        let seen = "";
        const onData = (d: Buffer) => {
          seen = (seen + d.toString()).slice(-4000);
          if (seen.includes('"msg":"worker started"')) {
            child.stdout!.off("data", onData);
            resolve();
          }
        };
        child.stdout!.on("data", onData);
        child.once("exit", (code) => reject(new Error(`${m.name} exited (${code}) before it started`)));
        setTimeout(() => reject(new Error(`${m.name} did not start in time`)), deadline - Date.now());
      });
      return;
    }
    // web: an unauthenticated API call answers 401 once routes are loaded; gateway: /readyz.
    const probe = m.kind === "web" ? "/v1/me" : "/readyz";
    const want = m.kind === "web" ? 401 : 200;
    while (Date.now() < deadline) {
      if (child.exitCode !== null) throw new Error(`${m.name} exited (${child.exitCode}) before it was ready`);
      const status = await fetch(`http://127.0.0.1:${m.port}${probe}`, { signal: AbortSignal.timeout(10_000) })
        .then(async (r) => (await r.arrayBuffer(), r.status))
        .catch(() => 0);
      if (status === want) return;
      await sleep(200);
    }
    throw new Error(`${m.name} was not ready in time`);
  }

  /** kill -9 of the member's whole process group. */
  kill(m: Member): void {
    signalGroup(m.child?.pid, "SIGKILL");
  }

  /** SIGTERM to the process group; resolves with the exit once it has exited (or throws after `timeoutMs`). */
  async terminate(m: Member, timeoutMs = 60_000): Promise<{ code: number | null; signal: NodeJS.Signals | null; ms: number }> {
    const t0 = Date.now();
    signalGroup(m.child?.pid, "SIGTERM");
    const exit = await Promise.race([m.exited!, sleep(timeoutMs).then(() => null)]);
    if (!exit) throw new Error(`${m.name} did not exit within ${timeoutMs} ms of SIGTERM`);
    // The group may still hold a grandchild (next's server): it must be gone before a restart.
    for (let i = 0; i < 100 && signalGroup(m.child?.pid, 0); i++) await sleep(100);
    return { ...exit, ms: Date.now() - t0 };
  }

  async waitGone(m: Member): Promise<void> {
    await m.exited;
    for (let i = 0; i < 100 && signalGroup(m.child?.pid, 0); i++) await sleep(50);
  }

  async stopAll(): Promise<void> {
    for (const m of this.members) signalGroup(m.child?.pid, "SIGKILL");
    await Promise.all(this.members.map((m) => m.exited));
    for (const l of this.logs) l.end();
  }
}

function signalGroup(pgid: number | undefined, signal: NodeJS.Signals | 0): boolean {
  try {
    return pgid ? process.kill(-pgid, signal) : false;
  } catch {
    return false;
  }
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
