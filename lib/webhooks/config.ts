// Every tunable of outbound webhooks, read from the environment on each use so tests (and
// operators restarting with new values) see the current setting. Invalid values fall back
// to the default rather than disabling a safety limit.
import { intEnv } from "@/lib/core/env";

const positiveInt = (name: string, fallback: number) => intEnv(name, fallback, { min: 1, invalid: "fallback" });
const nonNegativeInt = (name: string, fallback: number) => intEnv(name, fallback, { min: 0, invalid: "fallback" });

const DAY_SECONDS = 24 * 60 * 60;

export type RetryPolicy = {
  /** First retry delay ceiling; doubles with every failed attempt. */
  baseDelayMs: number;
  /** Ceiling of a single delay. */
  maxDelayMs: number;
  /** Automatic attempts in all (the first one included). */
  maxAttempts: number;
  /** No automatic attempt is scheduled later than this after the event. */
  windowMs: number;
};

export function retryPolicy(): RetryPolicy {
  return {
    baseDelayMs: positiveInt("WEBHOOK_RETRY_BASE_SECONDS", 60) * 1000,
    maxDelayMs: positiveInt("WEBHOOK_RETRY_MAX_DELAY_SECONDS", 6 * 60 * 60) * 1000,
    maxAttempts: positiveInt("WEBHOOK_MAX_ATTEMPTS", 30),
    windowMs: positiveInt("WEBHOOK_RETRY_WINDOW_SECONDS", 3 * DAY_SECONDS) * 1000,
  };
}

export const webhookConfig = {
  /** Deadline of one delivery attempt (connect + answer). */
  timeoutMs: () => positiveInt("WEBHOOK_TIMEOUT_MS", 10_000),
  /** Default grace window of a secret rotation; 0 ends the old secret at once. */
  rotationGraceSeconds: () => nonNegativeInt("WEBHOOK_ROTATION_GRACE_SECONDS", DAY_SECONDS),
  /** An endpoint whose automatic attempts failed without a success for this long is disabled. */
  disableAfterMs: () => positiveInt("WEBHOOK_DISABLE_AFTER_SECONDS", 3 * DAY_SECONDS) * 1000,
  /** How often the worker looks for due deliveries. */
  sweepIntervalMs: () => positiveInt("WEBHOOK_SWEEP_INTERVAL_MS", 2_000),
  /** Plain http:// endpoints on any host (WEBHOOK_ALLOW_HTTP=1); a scheme rule, separate from the egress allowance. */
  allowHttp: () => process.env.WEBHOOK_ALLOW_HTTP === "1",
};
