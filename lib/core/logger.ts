import { trace } from "@opentelemetry/api";
import { currentLogContext } from "./log-context";

// Structured JSON logs on stdout/stderr. Values under keys that look secret are redacted,
// and Error objects are reduced to name + message (+ stack outside production). Each line
// carries the request id, workspace and run of the request or job it was written in
// (log-context.ts), and the trace id when a trace is being recorded.
const SECRET_KEY = /pass(word)?|secret|token|authorization|cookie|key|credential/i;

type Level = "debug" | "info" | "warn" | "error";
type Fields = Record<string, unknown>;

function sanitize(value: unknown, depth = 0): unknown {
  if (value instanceof Error) {
    return { name: value.name, message: value.message, ...(process.env.NODE_ENV !== "production" ? { stack: value.stack } : {}) };
  }
  if (depth > 4 || value === null || typeof value !== "object") return value;
  if (Array.isArray(value)) return value.map((v) => sanitize(v, depth + 1));
  const out: Fields = {};
  for (const [k, v] of Object.entries(value)) {
    out[k] = SECRET_KEY.test(k) && typeof v === "string" ? "[redacted]" : sanitize(v, depth + 1);
  }
  return out;
}

type Sink = (line: string, level: Level) => void;
let sink: Sink = (line, level) => (level === "error" || level === "warn" ? process.stderr : process.stdout).write(line + "\n");

/** Tests capture log lines with this to prove secrets never reach the logs. */
export function setLogSink(next: Sink | null): void {
  sink = next ?? ((line, level) => (level === "error" || level === "warn" ? process.stderr : process.stdout).write(line + "\n"));
}

function log(level: Level, msg: string, fields: Fields = {}): void {
  if (level === "debug" && !process.env.DEBUG) return;
  const span = trace.getActiveSpan()?.spanContext();
  const traceId = span && span.traceFlags & 1 ? { traceId: span.traceId } : undefined;
  sink(JSON.stringify({ level, time: new Date().toISOString(), msg, ...currentLogContext(), ...traceId, ...(sanitize(fields) as Fields) }), level);
}

export const logger = {
  debug: (msg: string, f?: Fields) => log("debug", msg, f),
  info: (msg: string, f?: Fields) => log("info", msg, f),
  warn: (msg: string, f?: Fields) => log("warn", msg, f),
  error: (msg: string, f?: Fields) => log("error", msg, f),
};
