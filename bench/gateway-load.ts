// The load generator of bench/gateway.ts: undici with keep-alive, one small chat completion
// per request (streamed or not), the same body for every target. c=1 is one connection,
// requests one after another, each timed; c=N is a pool of N connections kept busy by N loops.
import { performance } from "node:perf_hooks";
import { Client, Pool, type Dispatcher } from "undici";

export type Target = { name: string; origin: string; path: string; headers: Record<string, string> };

export type Scenario = { name: string; stream: boolean; body: string };

const CHAT = { model: "gpt-4o-mini", messages: [{ role: "system", content: "You are terse." }, { role: "user", content: "Say hello in one word." }], max_tokens: 16 };

export const SCENARIOS: Scenario[] = [
  { name: "non-streamed chat completion", stream: false, body: JSON.stringify(CHAT) },
  { name: "streamed chat completion (SSE, 6 frames + [DONE])", stream: true, body: JSON.stringify({ ...CHAT, stream: true }) },
];

/** The tool proxy's scenario: the non-streamed request, as a call to a tool whose upstream is the fake. */
export const TOOL_SCENARIO: Scenario = { name: "tool call through the tool proxy (same request, non-streamed)", stream: false, body: JSON.stringify(CHAT) };

const DONE = Buffer.from("data: [DONE]");

/** Per target: its dispatchers, and what the requests of the current scenario got back. */
export class Driver {
  /** Answers of the current scenario, by status (a stream without its [DONE] counts as `incomplete`). */
  statuses = new Map<number | string, number>();
  /** 200 answers over all scenarios. */
  okTotal = 0;
  private scenario: Scenario = SCENARIOS[0];
  private readonly one: Client;
  private pool: Pool | undefined;
  private readonly headers: Record<string, string>;

  constructor(readonly target: Target) {
    this.one = new Client(target.origin, { keepAliveTimeout: 60_000 });
    this.headers = { ...target.headers, "content-type": "application/json" };
  }

  use(scenario: Scenario): void {
    this.scenario = scenario;
    this.statuses = new Map();
  }

  /** The status of one request (its answer read whole), or the error's code. */
  async send(d: Dispatcher = this.one): Promise<number | string> {
    let status: number | string;
    try {
      const res = await d.request({ origin: this.target.origin, path: this.target.path, method: "POST", headers: this.headers, body: this.scenario.body });
      const body = Buffer.from(await res.body.arrayBuffer());
      status = res.statusCode;
      if (status === 200 && this.scenario.stream && !body.subarray(-32).includes(DONE)) status = "incomplete";
    } catch (err) {
      status = (err as { code?: string }).code ?? "error";
    }
    this.statuses.set(status, (this.statuses.get(status) ?? 0) + 1);
    if (status === 200) this.okTotal++;
    return status;
  }

  /** `n` requests one after another; the latency of each (ms). */
  async sequential(n: number): Promise<number[]> {
    const out: number[] = [];
    for (let i = 0; i < n; i++) {
      const t0 = performance.now();
      await this.send();
      out.push(performance.now() - t0);
    }
    return out;
  }

  /** `c` requests in flight for `ms`; the answers completed and the time it took. */
  async concurrent(c: number, ms: number): Promise<{ done: number; seconds: number }> {
    this.pool ??= new Pool(this.target.origin, { connections: c, keepAliveTimeout: 60_000 });
    const pool = this.pool;
    const t0 = performance.now();
    const deadline = t0 + ms;
    let done = 0;
    await Promise.all(
      Array.from({ length: c }, async () => {
        while (performance.now() < deadline) if ((await this.send(pool)) === 200) done++;
      }),
    );
    return { done, seconds: (performance.now() - t0) / 1000 };
  }

  async close(): Promise<void> {
    await Promise.all([this.one.close(), this.pool?.close()]);
  }
}

export const pct = (xs: number[], p: number): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] : NaN;
};
