import { randomUUID } from "node:crypto";
import { signInbound } from "@/lib/webhooks/inbound-signature";
import type { World } from "./seed";
import { sleep } from "./cluster";

// The steady mix the fault test drives through the balancers, as clients would: run starts
// with an Idempotency-Key (a failed attempt is retried with the same key, as a client that
// never saw the answer does), signed inbound deliveries (same), API reads, streamed LLM calls
// and tool calls through the gateway. Every attempt is one request, recorded with its outcome;
// the balancer records which backend instance it reached under the same `x-fault-req` id.

export type Kind = "run_start" | "inbound" | "read" | "llm" | "tool";

export type Attempt = {
  id: string;
  kind: Kind;
  start: number;
  end: number;
  status: number | null;
  /** The client's view: the exchange completed as the API promises (2xx, whole body). */
  ok: boolean;
  error: string | null;
  /** Retry of an earlier attempt (same idempotency key). */
  retry: boolean;
};

export type Inbound = { url: string; token: string; signingSecret: string };

export class Traffic {
  readonly attempts: Attempt[] = [];
  /** Idempotency key → run id, for every key the API accepted. */
  readonly accepted = new Map<string, string>();
  /** Keys whose every attempt failed within the retry window. */
  readonly abandoned: string[] = [];
  /** Gateway calls the client saw complete, with the run the gateway opened for each. */
  readonly gatewayCalls: { kind: "llm" | "tool"; runId: string }[] = [];
  private seq = 0;
  private stopped: () => boolean = () => true;
  private readonly runIds: string[] = [];
  /** Inbound deliveries' runs by id → when the 202 named them: the run exists once a worker admits it. */
  private readonly admittedAfter = new Map<string, number>();
  /** Reads of an acknowledged delivery's run before a worker had created it (404, expected). */
  notYetAdmitted = 0;

  constructor(
    private web: string,
    private gateway: string,
    private world: World,
    private inbound: Inbound,
  ) {}

  /** Runs `concurrency` client loops until `stopped()`; a keyed request in progress keeps retrying after that (bounded). */
  async drive(stopped: () => boolean, concurrency: number): Promise<void> {
    this.stopped = stopped;
    await Promise.all(Array.from({ length: concurrency }, (_, i) => this.loop(i)));
  }

  private async loop(i: number): Promise<void> {
    const mix: Kind[] = ["run_start", "inbound", "read", "read", "llm", "llm", "tool", "tool"];
    let n = i;
    while (!this.stopped()) {
      const kind = mix[n++ % mix.length];
      if (kind === "run_start" || kind === "inbound") await this.keyed(kind);
      else if (kind === "read") await this.read();
      else await this.gatewayCall(kind);
      await sleep(20);
    }
  }

  private async send(kind: Kind, url: string, init: RequestInit & { headers: Record<string, string> }, retry: boolean, complete: (res: Response, text: string) => boolean) {
    const id = `r${++this.seq}`;
    const a: Attempt = { id, kind, start: Date.now(), end: 0, status: null, ok: false, error: null, retry };
    this.attempts.push(a);
    try {
      const res = await fetch(url, { ...init, headers: { ...init.headers, "x-fault-req": id }, signal: AbortSignal.timeout(60_000) });
      a.status = res.status;
      const text = await res.text();
      a.ok = complete(res, text);
      if (!a.ok) a.error = `${res.status} ${text.slice(0, 200)}`;
      return { res, text, ok: a.ok };
    } catch (err) {
      a.error = err instanceof Error ? `${err.name}: ${(err.cause as Error)?.message ?? err.message}` : String(err);
      return null;
    } finally {
      a.end = Date.now();
    }
  }

  /** A run start or an inbound delivery under one idempotency key, retried until accepted (≤ 90 s). */
  private async keyed(kind: "run_start" | "inbound"): Promise<void> {
    const key = `${kind}-${randomUUID()}`;
    const body = kind === "run_start" ? JSON.stringify({ input: { k: key } }) : JSON.stringify({ k: key });
    const giveUpAt = Date.now() + 90_000;
    for (let attempt = 0; Date.now() < giveUpAt; attempt++) {
      const headers: Record<string, string> =
        kind === "run_start"
          ? { ...this.world.headers, "content-type": "application/json", "idempotency-key": key }
          : { authorization: `Bearer ${this.inbound.token}`, "x-agentruntime-signature": signInbound(this.inbound.signingSecret, body), "content-type": "application/json", "idempotency-key": key };
      const url = kind === "run_start" ? `${this.web}/v1/workflows/${this.world.workflowId}/runs` : this.inbound.url.replace(/^https?:\/\/[^/]+/, this.web);
      const want = kind === "run_start" ? 201 : 202;
      const r = await this.send(kind, url, { method: "POST", headers, body }, attempt > 0, (res) => res.status === want);
      if (r && r.res.status === want) {
        const json = JSON.parse(r.text) as { id?: string; runId?: string };
        const runId = (json.id ?? json.runId)!;
        this.accepted.set(key, runId);
        this.runIds.push(runId);
        if (kind === "inbound") this.admittedAfter.set(runId, Date.now());
        return;
      }
      // 4xx other than 409 (in flight elsewhere) and 429 would not change on a retry.
      if (r && r.res.status < 500 && r.res.status !== 409 && r.res.status !== 429) break;
      await sleep(Number(r?.res.headers.get("retry-after") ?? 0) * 1000 || 250);
    }
    this.abandoned.push(key);
  }

  private async read(): Promise<void> {
    const pick = this.seq % 3;
    const runId = this.runIds[Math.floor(Math.random() * this.runIds.length)];
    const path = pick === 0 || !runId ? "/v1/runs?limit=5" : pick === 1 ? `/v1/runs/${runId}` : "/v1/billing/balance";
    // A delivery's 202 names its run before a worker creates it (README, Inbound webhooks): a 404
    // for it within a minute of the 202 (a worker may be the one just killed) is not a failure.
    const acked = pick === 1 && runId ? this.admittedAfter.get(runId) : undefined;
    await this.send("read", `${this.web}${path}`, { headers: this.world.headers }, false, (res) => {
      if (res.status === 404 && acked !== undefined && Date.now() - acked < 60_000) return (this.notYetAdmitted++, true);
      return res.status === 200;
    });
  }

  private async gatewayCall(kind: "llm" | "tool"): Promise<void> {
    const auth = { authorization: `Bearer ${this.world.agentToken}` };
    const r =
      kind === "llm"
        ? await this.send(kind, `${this.gateway}/llm/v1/chat/completions`, { method: "POST", headers: { ...auth, "content-type": "application/json" }, body: JSON.stringify({ model: "gpt-4o-mini", stream: true, messages: [{ role: "user", content: "hi" }] }) }, false, (res, text) => res.status === 200 && text.endsWith("data: [DONE]\n\n"))
        : await this.send(kind, `${this.gateway}/t/${this.world.toolName}/ok/tool?delay=100`, { headers: auth }, false, (res, text) => res.status === 200 && text.includes('"ok":true'));
    const runId = r?.res.headers.get("x-agentruntime-run-id");
    if (r?.ok && runId) this.gatewayCalls.push({ kind, runId });
  }
}
