import { positiveEnv } from "@/lib/core/env";

// Bounds on one database tool call, so a tenant's query cannot stall a process or fill its
// memory: a statement timeout enforced by the database (and by us around it), and caps on the
// rows and bytes kept of an answer (the rest is read and dropped, or never fetched).

export const MAX_ROWS = 500;
export const MAX_BYTES = 1024 * 1024;

export function dbToolTimeoutMs(): number {
  return positiveEnv("DB_TOOL_TIMEOUT_MS", 10_000);
}

export type Column = { name: string; type?: string };
export type RowsResult = { columns: Column[]; rows: Record<string, unknown>[]; rowCount: number | null; truncated: boolean };

/** JSON-safe values: bigints and big numbers as strings, bytes as base64, dates as ISO text. */
export function jsonSafe(value: unknown): unknown {
  if (typeof value === "bigint") return value.toString();
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value.toISOString();
  if (value instanceof Uint8Array) return { base64: Buffer.from(value).toString("base64") };
  if (Array.isArray(value)) return value.map(jsonSafe);
  if (value && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, jsonSafe(v)]));
  return value;
}

/** Collects rows up to the caps; once `full` is true, further rows are dropped. */
export class RowCollector {
  rows: Record<string, unknown>[] = [];
  truncated = false;
  private bytes = 0;

  get full(): boolean {
    return this.truncated;
  }

  add(row: Record<string, unknown>): void {
    if (this.truncated) return;
    const safe = jsonSafe(row) as Record<string, unknown>;
    const size = Buffer.byteLength(JSON.stringify(safe));
    if (this.rows.length >= MAX_ROWS || this.bytes + size > MAX_BYTES) {
      this.truncated = true;
      return;
    }
    this.bytes += size;
    this.rows.push(safe);
  }
}

/** A tool's input, read defensively (the caller's arguments are the model's or a user's). */
export function stringArg(args: Record<string, unknown>, name: string, max = 100_000): string {
  const v = args[name];
  if (typeof v !== "string" || v.length === 0 || v.length > max) throw new ToolInputError(`\`${name}\` must be a non-empty string of at most ${max} characters`);
  return v;
}

export function paramsArg(args: Record<string, unknown>): unknown[] {
  const v = args.params ?? [];
  if (!Array.isArray(v) || v.length > 1000) throw new ToolInputError("`params` must be an array of at most 1000 values");
  return v.map((p) => (p !== null && typeof p === "object" ? JSON.stringify(p) : p));
}

/** The database refused or failed the statement: an error result of the tool, with the engine's own words. */
export class StatementError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** The arguments do not fit the tool's input schema: an error result of the tool, not a failed call. */
export class ToolInputError extends StatementError {
  constructor(message: string) {
    super("invalid_arguments", message);
  }
}
