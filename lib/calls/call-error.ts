// Why a call to a connection did not produce an answer. The code and message are safe to show
// (no credential, no upstream body); `retryable` says whether the same call may succeed later.
// Callers translate it into their own error (the engine: a StepError with the same fields).

export class CallError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly retryable: boolean,
  ) {
    super(message);
    this.name = "CallError";
  }
}
