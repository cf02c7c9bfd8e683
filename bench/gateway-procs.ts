// The processes bench/gateway.ts starts: each in a process group of its own (npx and tsx start
// node children of their own), stopped by signalling that group and nothing else.
import { spawn, type ChildProcess } from "node:child_process";
import net from "node:net";
import readline from "node:readline";

export type Proc = { name: string; child: ChildProcess; stop(): Promise<void> };

const started: Proc[] = [];

// Whatever happens to the bench, no child outlives it.
process.on("exit", () => {
  for (const p of started) if (p.child.exitCode === null && p.child.pid) signalGroup(p.child.pid, "SIGKILL");
});

function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // already gone
  }
}

/**
 * Starts `cmd args` and resolves once a line of its output matches `ready` (with the match), or
 * rejects when it exits first or `timeoutMs` passes. Error-looking lines are echoed, a few.
 */
export function startProc(name: string, cmd: string, args: string[], env: NodeJS.ProcessEnv, ready: RegExp, timeoutMs = 90_000): Promise<{ proc: Proc; match: RegExpMatchArray }> {
  const child = spawn(cmd, args, { env, stdio: ["ignore", "pipe", "pipe"], detached: true });
  const proc: Proc = {
    name,
    child,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null || !child.pid) return resolve();
        const kill = setTimeout(() => signalGroup(child.pid!, "SIGKILL"), 15_000);
        child.once("exit", () => (clearTimeout(kill), resolve()));
        signalGroup(child.pid, "SIGTERM");
      }),
  };
  started.push(proc);
  return new Promise((resolve, reject) => {
    const tail: string[] = [];
    let echoed = 0;
    let isReady = false;
    const timer = setTimeout(() => reject(new Error(`${name} was not ready after ${timeoutMs / 1000} s: ${tail.join(" | ").slice(-600)}`)), timeoutMs);
    const onLine = (line: string) => {
      tail.push(line);
      if (tail.length > 8) tail.shift();
      const m = isReady ? null : ready.exec(line);
      if (m) {
        isReady = true;
        clearTimeout(timer);
        resolve({ proc, match: m });
      } else if (/"level":"(error|warn)"|Error|error:/.test(line) && echoed++ < 3) console.error(`[${name}] ${line.slice(0, 300)}`);
    };
    readline.createInterface({ input: child.stdout! }).on("line", onLine);
    readline.createInterface({ input: child.stderr! }).on("line", onLine);
    child.on("error", (err) => (clearTimeout(timer), reject(err)));
    child.on("exit", (code, signal) => {
      clearTimeout(timer);
      if (!isReady) reject(new Error(`${name} exited (${code ?? signal}) before it was ready: ${tail.join(" | ").slice(-600)}`));
    });
  });
}

export async function stopAll(): Promise<void> {
  await Promise.all(started.map((p) => p.stop()));
}

/** A TCP port free on 127.0.0.1 right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.on("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}
