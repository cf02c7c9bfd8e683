// Readers of numeric environment variables, read on every call so that tests (and operators
// restarting with new values) see the current setting. An unset or empty variable is the
// fallback (so is one of blanks only). What an invalid value does is the caller's choice: `invalid: "throw"` (the default)
// refuses to start with a misconfiguration; `invalid: "fallback"` keeps a safety limit in
// place instead. Imports nothing else from lib.

type Invalid = "throw" | "fallback";

function raw(name: string): string | undefined {
  const value = process.env[name];
  return value === undefined || value.trim() === "" ? undefined : value;
}

/** An integer >= `min` (default 1). */
export function intEnv(name: string, fallback: number, { min = 1, invalid = "throw" }: { min?: number; invalid?: Invalid } = {}): number {
  const value = raw(name);
  if (value === undefined) return fallback;
  const n = Number(value);
  if (Number.isInteger(n) && n >= min) return n;
  if (invalid === "fallback") return fallback;
  throw new Error(`${name} must be an integer >= ${min}`);
}

/** A finite number >= `min`; invalid values fall back. */
export function numberEnv(name: string, fallback: number, { min }: { min: number }): number {
  const value = raw(name);
  if (value === undefined) return fallback;
  const n = Number(value);
  return Number.isFinite(n) && n >= min ? n : fallback;
}

/** A finite number > 0 (a timeout, an interval); invalid values fall back. */
export function positiveEnv(name: string, fallback: number): number {
  const value = raw(name);
  if (value === undefined) return fallback;
  const n = Number(value);
  return Number.isFinite(n) && n > 0 ? n : fallback;
}

/** A non-negative integer of any size, written in decimal digits only; anything else throws (`what` names the unit in the message). */
export function bigintEnv(name: string, fallback: bigint, what: string): bigint {
  const value = raw(name);
  if (value === undefined) return fallback;
  if (!/^\d+$/.test(value)) throw new Error(`${name} must be a non-negative integer (${what})`);
  return BigInt(value);
}
