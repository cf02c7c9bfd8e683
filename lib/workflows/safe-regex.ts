import { RE2JS } from "re2js";

// Every regular expression a tenant writes — JSON Schema `pattern` / `patternProperties`,
// JSONata regex literals — runs here, on RE2 (re2js): matching time is linear in the text, so
// no pattern can backtrack catastrophically. RE2 has no backreferences and no lookaround; a
// pattern that needs them is refused when the workflow is saved.
// This module imports nothing but re2js: the expression thread loads it without a bundler.

/** Longest pattern source accepted (characters). */
export const MAX_PATTERN_LENGTH = 2000;
// RE2 instructions; compiling stays in the milliseconds below this.
const MAX_PROGRAM_SIZE = 5000;
/**
 * Linear is not free: one search costs up to ~30 ns per character × instruction in re2js. A text
 * longer than MAX_REGEX_WORK / program size is refused rather than searched (≈ 0.3 s at worst).
 */
export const MAX_REGEX_WORK = 10_000_000;

export class UnsupportedRegexError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UnsupportedRegexError";
  }
}

export class RegexTextTooLongError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "RegexTextTooLongError";
  }
}

const FLAG_BITS: Record<string, number> = { i: RE2JS.CASE_INSENSITIVE, m: RE2JS.MULTILINE, s: RE2JS.DOTALL, g: 0, u: 0 };
const cache = new Map<string, RE2JS>();
const CACHE_MAX = 1000;

const refuse = (source: string, why: string) =>
  new UnsupportedRegexError(`Regular expression /${source.slice(0, 100)}/ is not supported: ${why}. Patterns run on RE2 (linear time): no backreferences, no lookahead or lookbehind`);

// translateRegExp reads `\k<name>` as the letter k (as non-Unicode JavaScript would without named
// groups); with named groups or the u flag it is a backreference, so it is refused instead.
function hasNamedBackreference(source: string): boolean {
  for (let i = 0; i < source.length; i++) {
    if (source[i] !== "\\") continue;
    if (source[i + 1] === "k") return true;
    i++;
  }
  return false;
}

function compileFresh(source: string, flags: string): RE2JS {
  if (source.length > MAX_PATTERN_LENGTH) throw refuse(source, `longer than ${MAX_PATTERN_LENGTH} characters`);
  let bits = 0;
  for (const f of flags) {
    if (!(f in FLAG_BITS)) throw refuse(source, `flag "${f}" is not supported`);
    bits |= FLAG_BITS[f];
  }
  if (hasNamedBackreference(source)) throw refuse(source, "\\k<name> backreference");
  let re: RE2JS;
  try {
    re = RE2JS.compile(RE2JS.translateRegExp(source), bits);
  } catch (err) {
    throw refuse(source, (err as Error).message.replace(/^error parsing regexp: /, ""));
  }
  if (re.programSize() > MAX_PROGRAM_SIZE) throw refuse(source, "too complex");
  return re;
}

/** The compiled RE2 program for a JavaScript-syntax pattern (cached); throws UnsupportedRegexError. */
function compileTenantRegex(source: string, flags = ""): RE2JS {
  const key = `${flags}/${source}`;
  const hit = cache.get(key);
  if (hit) return hit;
  const re = compileFresh(source, flags);
  if (cache.size >= CACHE_MAX) cache.delete(cache.keys().next().value!);
  cache.set(key, re);
  return re;
}

/** Why the pattern cannot run on RE2, or null when it can. */
export function regexProblem(source: string, flags = ""): string | null {
  try {
    compileTenantRegex(source, flags);
    return null;
  } catch (err) {
    if (err instanceof UnsupportedRegexError) return err.message;
    throw err;
  }
}

function checkWork(re: RE2JS, source: string, length: number): void {
  const max = Math.floor(MAX_REGEX_WORK / re.programSize());
  if (length > max) throw new RegexTextTooLongError(`The text is too long for /${source.slice(0, 100)}/: ${length} characters, at most ${max} for this pattern`);
}

/**
 * The part of RegExp that JSONata (`new RegexEngine(regexLiteral)`, then `lastIndex` and
 * `exec`) and Ajv (`test`) use, backed by RE2. With the g flag, exec continues at lastIndex.
 */
export class SafeRegExp {
  readonly source: string;
  readonly flags: string;
  readonly global: boolean;
  lastIndex = 0;
  #re: RE2JS;

  constructor(pattern: string | RegExp, flags?: string) {
    this.source = typeof pattern === "string" ? pattern : pattern.source;
    this.flags = flags ?? (typeof pattern === "string" ? "" : pattern.flags);
    this.global = this.flags.includes("g");
    this.#re = compileTenantRegex(this.source, this.flags);
  }

  exec(text: string): RegExpExecArray | null {
    const start = this.global ? this.lastIndex : 0;
    if (start > text.length) {
      this.lastIndex = 0;
      return null;
    }
    checkWork(this.#re, this.source, text.length - start);
    const m = this.#re.matcher(text);
    if (!m.find(start)) {
      if (this.global) this.lastIndex = 0;
      return null;
    }
    const groups: (string | undefined)[] = [m.group(0) ?? ""];
    for (let i = 1; i <= m.groupCount(); i++) groups.push(m.group(i) ?? undefined);
    if (this.global) this.lastIndex = m.end();
    return Object.assign(groups, { index: m.start(), input: text, groups: undefined }) as RegExpExecArray;
  }

  test(text: string): boolean {
    if (this.global) return this.exec(text) !== null;
    checkWork(this.#re, this.source, text.length);
    return this.#re.test(text);
  }

  toString(): string {
    return `/${this.source}/${this.flags}`;
  }
}

/** Ajv's `code.regExp`: every `pattern` and `patternProperties` key of a tenant's schema on RE2. */
export const ajvRegExp = Object.assign((pattern: string, flags: string) => new SafeRegExp(pattern, flags), {
  code: "SafeRegExp /* lib/workflows/safe-regex.ts */",
});
