import { createHash } from "node:crypto";
import pg from "pg";

// pg-boss sends its statements as text. Its fetch has every value inlined and no parameters, so
// it goes out on the simple protocol: parsed, analysed and planned on every call (a tenth of
// PostgreSQL's CPU in `npm run bench:runs`); the others go out unnamed, planned on every call too.
// A statement text this process sends a second time is given a name instead: each connection
// prepares it once and PostgreSQL keeps its plan. Only single SELECT / WITH / INSERT / UPDATE /
// DELETE statements are named, and at most NAMED_LIMIT of them (texts with inlined values that
// never repeat are never named, so a connection's prepared statements stay few).

const NAMED_LIMIT = 128;
const SEEN_LIMIT = 1024;
const MAX_TEXT = 20_000;
const PREPARABLE = /^\s*(SELECT|WITH|INSERT|UPDATE|DELETE)\b/i;
// A semicolon followed by anything but blanks: several statements, which only the simple protocol takes.
const SEVERAL = /;\s*\S/;

const seen = new Set<string>();
// Keyed by the text itself: a named statement (every repeated one) is found without hashing it.
const named = new Map<string, string>();

function digest(text: string): string {
  return createHash("sha256").update(text).digest("base64url").slice(0, 24);
}

/** The name `text` is prepared under, or undefined to send it as it is (first sight, several statements, limits). */
export function statementName(text: string): string | undefined {
  const name = named.get(text);
  if (name) return name;
  if (text.length > MAX_TEXT || !PREPARABLE.test(text) || SEVERAL.test(text)) return undefined;
  const key = digest(text);
  if (!seen.has(key)) {
    if (seen.size < SEEN_LIMIT) seen.add(key);
    return undefined;
  }
  if (named.size >= NAMED_LIMIT) return undefined;
  seen.delete(key);
  const fresh = `pgboss_${key}`;
  named.set(text, fresh);
  return fresh;
}

type QueryCallback = (err: Error | null, res?: pg.QueryResult) => void;

/** A pg client that sends repeated statement texts as named prepared statements (statementName). */
export class PreparingClient extends pg.Client {}

// pg's overloads, taken as they come: a text (with values and/or a callback) is sent under its
// name once it has one; anything else (a config object, a Submittable) is passed on untouched.
PreparingClient.prototype.query = function query(this: pg.Client, ...args: unknown[]) {
  // pg.Client's query as it is now (like `super.query`: whatever wraps it, e.g. a test's spy, sees the statement).
  const send = pg.Client.prototype.query as (...a: unknown[]) => unknown;
  const [config, values, callback] = args;
  const name = typeof config === "string" ? statementName(config) : undefined;
  if (!name) return send.apply(this, args);
  const cb = (typeof values === "function" ? values : callback) as QueryCallback | undefined;
  const params = typeof values === "function" ? undefined : (values as unknown[] | undefined);
  // An undefined callback is none: pg then answers with a promise.
  return send.call(this, { name, text: config, values: params }, cb);
} as typeof pg.Client.prototype.query;
