import { countIn } from "@/lib/rate-limit/limiter";
import { SharedCounters, type CounterKey, type LimitVerdict } from "@/lib/rate-limit/shared-counters";

// Rate limits of the gateway: LLM tokens per minute (per agent, per end user) and tool calls per
// minute (per agent, per policy binding, per end user, per tool), on lib/rate-limit's shared
// counters: checked against what this process knows (no round trip on the hot path, exact in
// one process), counted to PostgreSQL (or Redis) in the background; tool calls with REDIS_URL
// also take their point in Redis before the call, exact across instances.

const WINDOW_S = 60;

export type LimitKey = {
  name: "gw_agent_tpm" | "gw_end_user_tpm" | "gw_tool_agent" | "gw_tool_policy" | "gw_tool_end_user" | "gw_tool";
  key: string;
  perMinute: number;
};

export type { LimitVerdict };

const counterOf = (k: LimitKey): CounterKey => ({ name: k.name, key: k.key, points: k.perMinute, durationSeconds: WINDOW_S });

export class RateLimits {
  private readonly counters = new SharedCounters(countIn, { exactWithRedis: true });

  /** Takes one call from every key, or none when one is exhausted. */
  take(keys: LimitKey[]): Promise<LimitVerdict> {
    return this.counters.take(keys.map(counterOf));
  }

  check(keys: LimitKey[], unit: "tokens" | "calls" = "tokens", taken = false): LimitVerdict {
    return this.counters.check(keys.map(counterOf), unit, taken);
  }

  record(keys: LimitKey[], tokens: number): void {
    this.counters.record(keys.map(counterOf), tokens);
  }

  flush(): Promise<void> {
    return this.counters.flush();
  }

  close(): void {
    this.counters.close();
  }
}
