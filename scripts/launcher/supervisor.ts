import type { ChildProcess } from "node:child_process";

// The launcher's long-running children (web, worker, gateway), kept running: a child that exits
// on its own — a crash, kill -9, OOM — is started again after a backoff (1 s, doubling, at most
// 30 s; back to 1 s once a child has stayed up for a minute), and the database stays up
// meanwhile. A child that keeps dying (CRASH_LOOP_LIMIT exits within CRASH_LOOP_WINDOW_MS) is a
// crash loop: the supervisor gives up and says which, and the launcher stops everything. In a
// container the orchestrator restarts instead; there each process runs on its own.

export type Spec = { name: string };

export type SupervisorOptions<S extends Spec> = {
  /** Starts one child; its process group is the child's (it leads one). */
  launch(spec: S): ChildProcess;
  /** Kills what the dead child may have left in its process group (a grandchild server holding a port). */
  reap(child: ChildProcess): void;
  log(message: string): void;
  /** Called once when a child crash-loops; the launcher stops everything. */
  giveUp(spec: S, reason: string): void;
  /** After every start (the launcher records the children's pids). */
  started?(spec: S, child: ChildProcess): void;
  backoff?: { initialMs: number; maxMs: number; stableMs: number };
  crashLoop?: { limit: number; windowMs: number };
};

const DEFAULTS = { backoff: { initialMs: 1_000, maxMs: 30_000, stableMs: 60_000 }, crashLoop: { limit: 5, windowMs: 60_000 } };

export class Supervisor<S extends Spec> {
  private stopped = false;
  private timers = new Set<NodeJS.Timeout>();
  private readonly backoff: { initialMs: number; maxMs: number; stableMs: number };
  private readonly crashLoop: { limit: number; windowMs: number };
  /** Current child per name. */
  readonly children = new Map<string, ChildProcess>();

  constructor(private readonly opts: SupervisorOptions<S>) {
    this.backoff = opts.backoff ?? DEFAULTS.backoff;
    this.crashLoop = opts.crashLoop ?? DEFAULTS.crashLoop;
  }

  start(spec: S): void {
    this.run(spec, { delayMs: this.backoff.initialMs, exits: [] });
  }

  /** No more restarts (shutdown owns the children from here). */
  stop(): void {
    this.stopped = true;
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
  }

  private run(spec: S, state: { delayMs: number; exits: number[] }): void {
    if (this.stopped) return;
    const child = this.opts.launch(spec);
    const startedAt = Date.now();
    this.children.set(spec.name, child);
    this.opts.started?.(spec, child);
    child.on("exit", (code, signal) => {
      if (this.stopped) return;
      this.opts.reap(child);
      const now = Date.now();
      const how = signal ?? `code ${code}`;
      if (now - startedAt >= this.backoff.stableMs) state.delayMs = this.backoff.initialMs;
      state.exits = [...state.exits.filter((t) => now - t < this.crashLoop.windowMs), now];
      if (state.exits.length >= this.crashLoop.limit) {
        this.stopped = true;
        this.opts.giveUp(spec, `${spec.name} exited ${state.exits.length} times within ${Math.round(this.crashLoop.windowMs / 1000)} s (last: ${how}): a crash loop`);
        return;
      }
      const delay = state.delayMs;
      this.opts.log(`${spec.name} exited unexpectedly (${how}); restarting it in ${(delay / 1000).toFixed(1)} s`);
      state.delayMs = Math.min(this.backoff.maxMs, delay * 2);
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        this.run(spec, state);
      }, delay);
      this.timers.add(timer);
    });
  }
}
