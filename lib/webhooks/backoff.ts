import type { RetryPolicy } from "./config";

// When to try a failed delivery again: exponential backoff with full jitter (a uniformly
// random delay between 0 and min(max, base · 2^(n−1))), so endpoints recovering from an
// outage are not hit by every sender's retries at the same instant. Pure: the clock and the
// random source are arguments, so the schedule is tested without sleeping.

type RetryPlan = { retry: true; delayMs: number; at: Date } | { retry: false; reason: "max_attempts" | "window_elapsed" };

/** The delay ceiling after `attempt` failed attempts (1-based). */
export function backoffCeilingMs(attempt: number, policy: Pick<RetryPolicy, "baseDelayMs" | "maxDelayMs">): number {
  const exp = Math.min(Math.max(attempt - 1, 0), 40);
  return Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** exp);
}

/** A full-jitter delay after `attempt` failed attempts; at least one second. */
export function retryDelayMs(attempt: number, policy: Pick<RetryPolicy, "baseDelayMs" | "maxDelayMs">, random: () => number = Math.random): number {
  const r = Math.min(Math.max(random(), 0), 1);
  return Math.max(1000, Math.floor(r * backoffCeilingMs(attempt, policy)));
}

/**
 * After automatic attempt `attempt` failed at `now`: the next attempt's time, or why there is
 * none (the attempts are used up, or the next one would fall outside the retry window that
 * started when the event was created).
 */
export function planRetry(input: { attempt: number; createdAt: Date; now: Date; policy: RetryPolicy; random?: () => number }): RetryPlan {
  const { attempt, createdAt, now, policy } = input;
  if (attempt >= policy.maxAttempts) return { retry: false, reason: "max_attempts" };
  const delayMs = retryDelayMs(attempt, policy, input.random);
  const at = new Date(now.getTime() + delayMs);
  if (at.getTime() > createdAt.getTime() + policy.windowMs) return { retry: false, reason: "window_elapsed" };
  return { retry: true, delayMs, at };
}
