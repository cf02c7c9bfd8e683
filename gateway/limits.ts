import { ApiError } from "@/lib/core/errors";
import { consume, type LimitSpec } from "@/lib/rate-limit/limiter";
import { logger } from "@/lib/core/logger";

// Rate limits of the gateway: LLM tokens per minute (per agent, per end user) and tool calls per
// minute (per agent, per policy binding, per end user, per tool). The check before a call reads
// what this process knows — the store's last answer minus what it has counted since — so the
// hot path pays no round trip, and one process's count is exact. Counts go to the shared
// counters (PostgreSQL, or Redis with REDIS_URL) in the background every FLUSH_MS; across
// processes a limit can be overshot by what the others counted in the last flush interval —
// except tool calls with REDIS_URL, which also take their point in Redis before the call
// (a sub-millisecond round trip), so the limit is exact across instances.

const FLUSH_MS = 200;
const WINDOW_S = 60;

// remaining: the store's last answer; pending: counted here since, not yet sent; inflight: sent,
// not yet answered (still spent: a flush must not hand them back for its round trip).
type KeyState = { spec: LimitSpec; key: string; remaining: number; resetAt: number; pending: number; inflight: number };

export type LimitKey = {
  name: "gw_agent_tpm" | "gw_end_user_tpm" | "gw_tool_agent" | "gw_tool_policy" | "gw_tool_end_user" | "gw_tool";
  key: string;
  perMinute: number;
};

export type LimitVerdict = { ok: true; headers: Record<string, string> } | { ok: false; headers: Record<string, string>; retryAfterS: number };

export class RateLimits {
  private states = new Map<string, KeyState>();
  private timer: NodeJS.Timeout | undefined;

  /**
   * Takes one call from every key, or none when one is exhausted (exact in this process; with
   * REDIS_URL the point is also taken in Redis, exact across processes).
   */
  async take(keys: LimitKey[]): Promise<LimitVerdict> {
    const verdict = this.check(keys, "calls");
    if (!verdict.ok) return verdict;
    if (!process.env.REDIS_URL) {
      this.record(keys, 1);
      return verdict;
    }
    const now = Date.now();
    for (const k of keys) {
      const s = this.state(k, now);
      try {
        this.learn(s, await consume(s.spec, s.key, 1));
      } catch (err) {
        if (!(err instanceof ApiError && err.headers)) throw err;
        this.learn(s, err.headers);
        return this.check(keys, "calls");
      }
    }
    return this.check(keys, "calls", true);
  }

  check(keys: LimitKey[], unit: "tokens" | "calls" = "tokens", taken = false): LimitVerdict {
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
    const retryAfterS = Math.max(1, Math.ceil((state.resetAt - now) / 1000));
    return { ok: false, retryAfterS, headers: { ...headers, "retry-after": String(retryAfterS) } };
  }

  record(keys: LimitKey[], tokens: number): void {
    if (tokens <= 0 || keys.length === 0) return;
    const now = Date.now();
    for (const k of keys) this.state(k, now).pending += tokens;
    this.timer ??= setTimeout(() => void this.flush(), FLUSH_MS);
  }

  async flush(): Promise<void> {
    this.timer = undefined;
    const work = [...this.states.values()].filter((s) => s.pending > 0);
    await Promise.all(
      work.map(async (s) => {
        const points = s.pending;
        s.pending = 0;
        s.inflight += points;
        try {
          const answer = await consume(s.spec, s.key, points);
          s.inflight -= points;
          this.learn(s, answer);
        } catch (err) {
          s.inflight -= points;
          if (err instanceof ApiError && err.headers) this.learn(s, err.headers);
          else {
            s.pending += points;
            logger.warn("gateway: rate limit counter unavailable", { err });
          }
        }
      }),
    );
  }

  close(): void {
    clearTimeout(this.timer);
  }

  private state(k: LimitKey, now: number): KeyState {
    const id = `${k.name}:${k.perMinute}:${k.key}`;
    let s = this.states.get(id);
    if (!s || s.resetAt <= now) {
      const pending = s?.pending ?? 0;
      s = { spec: { name: k.name, points: k.perMinute, durationSeconds: WINDOW_S }, key: k.key, remaining: k.perMinute, resetAt: now + WINDOW_S * 1000, pending, inflight: 0 };
      this.states.set(id, s);
      if (this.states.size > 100_000) this.states.delete(this.states.keys().next().value as string);
    }
    return s;
  }

  private learn(s: KeyState, headers: Record<string, string>): void {
    const remaining = Number(headers["X-RateLimit-Remaining"]);
    const reset = Number(headers["X-RateLimit-Reset"]);
    // Flushes overlap and their answers can arrive out of order: within one window the store's
    // count only grows, so an older (higher) Remaining never replaces a newer one; a later reset
    // is a new window, whose count starts afresh.
    const newWindow = Number.isFinite(reset) && reset * 1000 > s.resetAt + 1000;
    if (Number.isFinite(remaining)) s.remaining = newWindow ? remaining : Math.min(s.remaining, remaining);
    if (Number.isFinite(reset)) s.resetAt = reset * 1000;
    if (headers["Retry-After"]) s.remaining = 0;
  }
}
