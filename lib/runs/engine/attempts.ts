import { StepError } from "./step-error";

// Per-attempt deadline and the wait between attempts. Each attempt gets its own AbortSignal
// that fires on the deadline, on cancel and on worker shutdown, so an in-flight call (fetch,
// model call) stops at once instead of finishing into a run nobody wants anymore.

export const DEFAULT_STEP_TIMEOUT_MS = 30_000;
const MAX_BACKOFF_MS = 60_000;

/** Delay before attempt `next` (2, 3, …): initialDelay × 2^(next−2), capped, with "equal jitter" (half fixed, half random). */
export function backoffDelayMs(initialDelayMs: number, next: number, random: () => number = Math.random): number {
  const base = Math.min(MAX_BACKOFF_MS, initialDelayMs * 2 ** Math.max(0, next - 2));
  return Math.round(base / 2 + (base / 2) * random());
}

/** Event-loop turns a due deadline waits for I/O that already arrived (see withDeadline). */
const DEADLINE_IO_TURNS = 3;

/**
 * Runs one attempt under a deadline. `outer` carries cancel / shutdown (aborted with an
 * Interrupted reason). A deadline becomes a retryable StepError("timeout").
 *
 * A process that was not running (CPU starved, a long GC pause) runs its due timers before it
 * reads its sockets: the deadline would fire although the answer has been waiting since long
 * before it, and the attempt would be made again under a new idempotency key. So a due deadline
 * first lets the event loop read what has arrived (a few turns, microseconds when idle); only
 * an attempt still unfinished then has timed out.
 */
export async function withDeadline<T>(timeoutMs: number, outer: AbortSignal, fn: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const ctl = new AbortController();
  const timedOut = new StepError("timeout", `The step did not finish within ${timeoutMs} ms`, true, { timeoutMs });
  let settled = false;
  const expire = (turns: number) => {
    if (settled || ctl.signal.aborted) return;
    if (turns === 0) ctl.abort(timedOut);
    else setImmediate(expire, turns - 1);
  };
  const timer = setTimeout(expire, timeoutMs, DEADLINE_IO_TURNS);
  const onOuter = () => ctl.abort(outer.reason);
  if (outer.aborted) onOuter();
  else outer.addEventListener("abort", onOuter, { once: true });
  try {
    // Racing the abort keeps the deadline even for work that ignores its signal.
    return await Promise.race([
      fn(ctl.signal),
      new Promise<never>((_, reject) => {
        if (ctl.signal.aborted) reject(ctl.signal.reason);
        ctl.signal.addEventListener("abort", () => reject(ctl.signal.reason), { once: true });
      }),
    ]);
  } catch (err) {
    if (ctl.signal.aborted) throw ctl.signal.reason;
    throw err;
  } finally {
    settled = true;
    clearTimeout(timer);
    outer.removeEventListener("abort", onOuter);
  }
}

/** Sleeps `ms`, waking early (throwing the Interrupted reason) when `signal` aborts. */
export function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    const t = setTimeout(() => {
      signal.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(t);
      reject(signal.reason);
    };
    signal.addEventListener("abort", onAbort, { once: true });
  });
}
