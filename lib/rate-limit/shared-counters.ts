import { logger } from "@/lib/core/logger";
import type { LimitSpec } from "./limiter";

// Rate-limit counters read in process, shared in the background. The check before a request
// reads what this process knows — the shared store's last answer minus what it has counted
// since — so the hot path pays no round trip, and one process's count is exact. Counts go to
// the shared counters (PostgreSQL, or Redis with REDIS_URL) every FLUSH_MS; across processes a
// limit can be overshot by what the others counted in the last flush interval. `peek`: a key
// first seen in a window reads its count from the store before it is counted here (once, however
// many requests wait for it), so a process starting on a key another one has spent knows it from
// its first request. `exactWithRedis`: with REDIS_URL
// every point is also taken in Redis before the request (a sub-millisecond round trip), exact
// across instances.

const FLUSH_MS = 200;

/** One limit on one key: `points` per `durationSeconds`. */
export type CounterKey = { name: string; key: string; points: number; durationSeconds: number };

// remaining: the store's last answer; pending: counted here since, not yet sent; inflight: sent,
// not yet answered (still spent: a flush must not hand them back for its round trip).
// sending: the key's flush in flight, if any (one at a time per key).
type KeyState = { spec: LimitSpec; key: string; remaining: number; resetAt: number; pending: number; inflight: number; learned: boolean; learning?: Promise<void>; sending?: Promise<void> };

export type LimitVerdict = { ok: true; headers: Record<string, string> } | { ok: false; headers: Record<string, string>; retryAfterS: number };

/** A key's count in the shared store: points left, when its window ends (epoch ms), and whether the last take was refused. */
export type Count = { remaining: number; resetAt: number; limited: boolean };
/** The shared store: takes `points` for `key` (refused takes come back `limited`, not thrown). */
export type CounterStore = (spec: LimitSpec, key: string, points: number) => Promise<Count>;
/** Reads a key's count from the store without taking a point, or null when it has none in a live window. */
export type CounterPeek = (spec: LimitSpec, key: string) => Promise<Count | null>;

export class SharedCounters {
  private states = new Map<string, KeyState>();
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly store: CounterStore,
    private readonly opts: { peek?: CounterPeek; exactWithRedis?: boolean } = {},
  ) {}

  /** Takes one point from every key, or none when one is exhausted. */
  async take(keys: CounterKey[]): Promise<LimitVerdict> {
    if (this.opts.exactWithRedis && process.env.REDIS_URL) return this.takeInStore(keys);
    const peek = this.opts.peek;
    if (peek) {
      const now = Date.now();
      await Promise.all(keys.map((k) => this.state(k, now)).filter((s) => !s.learned).map((s) => (s.learning ??= this.peekOnce(s, peek))));
    }
    const verdict = this.check(keys, "calls");
    if (verdict.ok) this.record(keys, 1);
    return verdict;
  }

  private async peekOnce(s: KeyState, peek: CounterPeek): Promise<void> {
    try {
      // Nothing counted yet: open the key's window in the store now (0 points), so every
      // instance's window for it starts with this first request, not with a later flush.
      const answer = (await peek(s.spec, s.key)) ?? (await this.store(s.spec, s.key, 0));
      this.learn(s, answer);
      s.learned = true;
    } finally {
      s.learning = undefined;
    }
  }

  /** Takes the point of every key in the store now (exact across instances). */
  private async takeInStore(keys: CounterKey[]): Promise<LimitVerdict> {
    const now = Date.now();
    for (const k of keys) {
      const s = this.state(k, now);
      const count = await this.store(s.spec, s.key, 1);
      this.learn(s, count);
      if (count.limited) return this.check(keys, "calls");
    }
    return this.check(keys, "calls", true);
  }

  /** The verdict for one more unit on every key, and the headers of the tightest. `taken`: the request's point was already taken in the store. */
  check(keys: CounterKey[], unit: "tokens" | "calls" = "tokens", taken = false): LimitVerdict {
    const now = Date.now();
    let tightest: { state: KeyState; left: number } | null = null;
    for (const k of keys) {
      const s = this.state(k, now);
      const left = s.remaining - s.pending - s.inflight;
      if (!tightest || left < tightest.left) tightest = { state: s, left };
    }
    if (!tightest) return { ok: true, headers: {} };
    const { state, left } = tightest;
    // A call about to be made counts itself: Remaining is what is left after it.
    const remaining = String(Math.max(0, unit === "calls" && left > 0 && !taken ? left - 1 : left));
    const headers: Record<string, string> = {
      // The API's names (reset as epoch seconds) and OpenAI's token-limit names (reset as a duration).
      "x-ratelimit-limit": String(state.spec.points),
      "x-ratelimit-remaining": remaining,
      "x-ratelimit-reset": String(Math.ceil(state.resetAt / 1000)),
    };
    if (unit === "tokens") {
      headers["x-ratelimit-limit-tokens"] = String(state.spec.points);
      headers["x-ratelimit-remaining-tokens"] = remaining;
      headers["x-ratelimit-reset-tokens"] = `${Math.max(0, Math.ceil((state.resetAt - now) / 1000))}s`;
    }
    if (left > 0 || (taken && left >= 0)) return { ok: true, headers };
    // The store's reset is in whole seconds (rounded up): never more than one window away.
    const retryAfterS = Math.max(1, Math.min(state.spec.durationSeconds, Math.ceil((state.resetAt - now) / 1000)));
    return { ok: false, retryAfterS, headers: { ...headers, "retry-after": String(retryAfterS) } };
  }

  record(keys: CounterKey[], units: number): void {
    if (units <= 0 || keys.length === 0) return;
    const now = Date.now();
    for (const k of keys) this.state(k, now).pending += units;
    this.timer ??= setTimeout(() => void this.flush(), FLUSH_MS);
  }

  async flush(): Promise<void> {
    this.timer = undefined;
    await Promise.all([...this.states.values()].filter((s) => s.pending > 0).map((s) => this.send(s)));
  }

  /**
   * Sends a key's pending count after its flush in flight, if any. One flush per key at a time:
   * otherwise a later answer can include points an earlier one still carries as in flight, and
   * they would count twice until it lands (a request refused below its limit).
   */
  private send(s: KeyState): Promise<void> {
    const sent = (s.sending ?? Promise.resolve()).then(async () => {
      const points = s.pending;
      if (points === 0) return;
      s.pending = 0;
      s.inflight += points;
      try {
        const count = await this.store(s.spec, s.key, points);
        s.inflight -= points;
        this.learn(s, count);
      } catch (err) {
        s.inflight -= points;
        s.pending += points;
        logger.warn("rate limit counter unavailable", { err });
      }
    });
    s.sending = sent;
    void sent.then(() => {
      if (s.sending === sent) s.sending = undefined;
    });
    return sent;
  }

  close(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  private state(k: CounterKey, now: number): KeyState {
    const id = `${k.name}:${k.points}:${k.durationSeconds}:${k.key}`;
    let s = this.states.get(id);
    if (!s || s.resetAt <= now) {
      const pending = s?.pending ?? 0;
      s = { spec: { name: k.name, points: k.points, durationSeconds: k.durationSeconds }, key: k.key, remaining: k.points, resetAt: now + k.durationSeconds * 1000, pending, inflight: 0, learned: false };
      this.states.set(id, s);
      if (this.states.size > 100_000) this.states.delete(this.states.keys().next().value as string);
    }
    return s;
  }

  private learn(s: KeyState, count: Count): void {
    // Within one window the store's count only grows, so a higher remaining (an answer overtaken
    // by a take in Redis, say) never replaces a lower one; a later reset is a new window, whose
    // count starts afresh.
    const newWindow = count.resetAt > s.resetAt + 1000;
    s.remaining = newWindow ? count.remaining : Math.min(s.remaining, count.remaining);
    s.resetAt = count.resetAt;
    if (count.limited) s.remaining = 0;
    s.learned = true;
  }
}
