// How a step attempt ends badly. `retryable` decides whether the engine tries again (when the
// node's retry policy has attempts left); the code and message are what the run, its events
// and the API show, so they never carry a secret or an upstream body verbatim.

export class StepError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly retryable: boolean,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = "StepError";
  }

  toJSON() {
    return { code: this.code, message: this.message, ...(Object.keys(this.details).length ? { details: this.details } : {}) };
  }
}

/**
 * Why an in-flight attempt was interrupted by us rather than failing on its own: the run was
 * canceled, or the worker is shutting down (the job goes back to the queue and the step is
 * resumed elsewhere with the same attempt number and idempotency key).
 */
export class Interrupted extends Error {
  constructor(readonly reason: "canceled" | "shutdown" | "fence_lost") {
    super(`step interrupted: ${reason}`);
    this.name = "Interrupted";
  }
}

export const LOCK_LOST = "run lock lost";

/** The run ended (or the lock was lost) between two steps: the engine stops without writing. */
export class StopExecution extends Error {
  constructor(readonly reason: string) {
    super(`run execution stopped: ${reason}`);
    this.name = "StopExecution";
  }
}
