import { AsyncLocalStorage } from "node:async_hooks";

// What every log line inside a request or a job carries without threading it through calls:
// the request id, the workspace (and project) once the credential named it, the run a job
// executes. One AsyncLocalStorage per process (globalThis: Next.js may load this module from
// several bundles); the logger merges the current context into each line.

export type LogContext = { requestId?: string; workspaceId?: string; projectId?: string; runId?: string; agentId?: string; jobId?: string };

const g = globalThis as unknown as { __arLogContext?: AsyncLocalStorage<LogContext> };
const storage = (g.__arLogContext ??= new AsyncLocalStorage<LogContext>());

/** Runs `fn` with `fields` added to the current context (a copy: the caller's context is unchanged). */
export function withLogContext<T>(fields: LogContext, fn: () => T): T {
  return storage.run({ ...storage.getStore(), ...defined(fields) }, fn);
}

/**
 * Adds fields to the current context, seen by everything that runs in it from now on (a request
 * learns its workspace after authentication). Outside any context it does nothing.
 */
export function addLogContext(fields: LogContext): void {
  const store = storage.getStore();
  if (store) Object.assign(store, defined(fields));
}

/** The current context, or undefined outside one. */
export function currentLogContext(): LogContext | undefined {
  return storage.getStore();
}

function defined(fields: LogContext): LogContext {
  const out: LogContext = {};
  for (const [k, v] of Object.entries(fields) as [keyof LogContext, string | undefined][]) if (typeof v === "string" && v !== "") out[k] = v;
  return out;
}
