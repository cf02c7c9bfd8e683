import { ApiError } from "@/lib/core/errors";
import { consume, type LimitSpec } from "@/lib/rate-limit/limiter";
import { logger } from "@/lib/core/logger";

// Token-rate limits (LLM tokens per minute) per agent and per end user of an agent. A call's
// tokens are known only after it, so the check before a call reads what this process knows —
// the store's last answer minus what it has counted since — and the tokens are added to the
// shared counters (PostgreSQL, or Redis with REDIS_URL) in the background every FLUSH_MS, so
// the hot path pays no round trip. Across processes a limit can be overshot by what the others
// counted in the last flush interval.

const FLUSH_MS = 200;
const WINDOW_S = 60;

type KeyState = { spec: LimitSpec; key: string; remaining: number; resetAt: number; pending: number };

export type LimitKey = { name: "gw_agent_tpm" | "gw_end_user_tpm"; key: string; perMinute: number };

export type LimitVerdict = { ok: true; headers: Record<string, string> } | { ok: false; headers: Record<string, string>; retryAfterS: number };

export class TokenLimits {
  private states = new Map<string, KeyState>();
  private timer: NodeJS.Timeout | undefined;

  check(keys: LimitKey[]): LimitVerdict {
    const now = Date.now();
    let tightest: { state: KeyState; left: number } | null = null;
    for (const k of keys) {
      const s = this.state(k, now);
      const left = s.remaining - s.pending;
      if (!tightest || left < tightest.left) tightest = { state: s, left };
    }
    if (!tightest) return { ok: true, headers: {} };
    const { state, left } = tightest;
    const remaining = String(Math.max(0, left));
    const headers = {
      // The API's names (reset as epoch seconds) and OpenAI's token-limit names (reset as a duration).
      "x-ratelimit-limit": String(state.spec.points),
      "x-ratelimit-remaining": remaining,
      "x-ratelimit-reset": String(Math.ceil(state.resetAt / 1000)),
      "x-ratelimit-limit-tokens": String(state.spec.points),
      "x-ratelimit-remaining-tokens": remaining,
      "x-ratelimit-reset-tokens": `${Math.max(0, Math.ceil((state.resetAt - now) / 1000))}s`,
    };
    if (left > 0) return { ok: true, headers };
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
        try {
          this.learn(s, await consume(s.spec, s.key, points));
        } catch (err) {
          if (err instanceof ApiError && err.headers) this.learn(s, err.headers);
          else {
            s.pending += points;
            logger.warn("gateway: token limit counter unavailable", { err });
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
      s = { spec: { name: k.name, points: k.perMinute, durationSeconds: WINDOW_S }, key: k.key, remaining: k.perMinute, resetAt: now + WINDOW_S * 1000, pending };
      this.states.set(id, s);
      if (this.states.size > 100_000) this.states.delete(this.states.keys().next().value as string);
    }
    return s;
  }

  private learn(s: KeyState, headers: Record<string, string>): void {
    const remaining = Number(headers["X-RateLimit-Remaining"]);
    const reset = Number(headers["X-RateLimit-Reset"]);
    if (Number.isFinite(remaining)) s.remaining = remaining;
    if (Number.isFinite(reset)) s.resetAt = reset * 1000;
    if (headers["Retry-After"]) s.remaining = 0;
  }
}
