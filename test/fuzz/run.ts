// The property every operation must hold, whatever it is sent:
//   - never a 5xx;
//   - every answered status is one the document lists for the operation;
//   - invalid input → 4xx (another tenant's real id → exactly 404), with the error body
//     `{ error: { code, message, requestId } }` whose requestId equals X-Request-Id;
//   - valid input → 2xx/3xx or a business-rule 4xx, and a 2xx body matches its documented schema.
import fc from "fast-check";
import { afterAll, beforeAll, describe, it } from "vitest";
import { setLogSink } from "@/lib/core/logger";
import { invalidCaseArb, noiseCaseArb, validCaseArb, type Case } from "./cases";
import { createFuzzWorld, type FuzzWorld } from "./fixture";
import { resolve, type Operation } from "./operations";
import { discoverPools } from "./seeds";
import { send } from "./send";
import { describeErrors, validatorFor } from "./schema";

const RUNS = 100;
const TIMEOUT = 60_000;

// Recent error log lines; a failure shows the ones carrying its response's request id (tests
// run concurrently, so "the last line" could belong to another operation).
const errorLines: string[] = [];

function show(c: Case): string {
  const cut = (s: string | undefined) => (s && s.length > 300 ? `${s.slice(0, 300)}…(${s.length} chars)` : s);
  return JSON.stringify({ what: c.what, params: Object.fromEntries(Object.entries(c.params).map(([k, v]) => [k, cut(v)])), query: c.query, body: cut(c.body), headers: Object.keys(c.headers) });
}

function fail(op: Operation, c: Case, res: Response, text: string, why: string): never {
  const id = res.headers.get("x-request-id");
  const mine = id ? errorLines.filter((l) => l.includes(id)) : [];
  const logged = mine.length ? `\n  logged: ${mine.join("\n  ")}` : "";
  throw new Error(`${op.method.toUpperCase()} ${op.path}: ${why}\n  case: ${show(c)}\n  → ${res.status} ${text.slice(0, 400)}${logged}`);
}

// FUZZ_REPORT=1 prints, per operation, how often each kind of case got each status: a quick
// way to see whether "valid" cases really reach the domain logic (2xx) or stop at a 4xx.
const tally = new Map<string, Record<string, number>>();
function count(op: Operation, c: Case, status: number): void {
  const key = `${op.method.toUpperCase()} ${op.path} ${c.kind}`;
  const t = tally.get(key) ?? {};
  t[status] = (t[status] ?? 0) + 1;
  tally.set(key, t);
}

async function check(op: Operation, c: Case): Promise<void> {
  const { res, text } = await send(op, c);
  const status = res.status;
  count(op, c, status);
  if (status >= 500) fail(op, c, res, text, "server error");
  const documented = op.responses[String(status)];
  if (!documented) fail(op, c, res, text, `status ${status} is not documented (documented: ${Object.keys(op.responses).join(", ")})`);
  if (c.kind === "invalid" && c.what !== "noise" && (status < 400 || status > 499)) fail(op, c, res, text, `invalid input (${c.what}) was not refused with a 4xx`);
  if (c.missingTwin) {
    const twin = await send(op, { ...c, params: c.missingTwin });
    const code = (t: string) => {
      try {
        return (JSON.parse(t) as { error?: { code?: string } }).error?.code;
      } catch {
        return t;
      }
    };
    if (twin.res.status !== status || code(twin.text) !== code(text)) {
      fail(op, c, res, text, `another tenant's id answers differently from a missing one (${twin.res.status} ${twin.text.slice(0, 200)})`);
    }
  }

  if (status === 204 && text !== "") fail(op, c, res, text, "204 with a body");
  if (status >= 300 && status < 400 && !res.headers.get("location")) fail(op, c, res, text, "redirect without Location");
  if (!documented.schema || !documented.contentType) return;
  if (!(res.headers.get("content-type") ?? "").startsWith(documented.contentType)) fail(op, c, res, text, `content-type ${res.headers.get("content-type")}, documented ${documented.contentType}`);
  if (documented.contentType === "text/event-stream") {
    // An open stream: its first bytes must be SSE fields or comments (see send.ts).
    if (!/^(retry: \d+\n|: |id: |event: |data: )/.test(text)) fail(op, c, res, text, "the event stream does not start with SSE fields");
    return;
  }
  if (documented.contentType === "application/x-ndjson") {
    // JSON lines: the document types the stream as a string; each line must still be a JSON object.
    for (const line of text.split("\n").filter(Boolean)) {
      let row: unknown;
      try {
        row = JSON.parse(line);
      } catch {
        fail(op, c, res, text, "a JSON line does not parse");
      }
      if (!row || typeof row !== "object" || Array.isArray(row)) fail(op, c, res, text, "a JSON line is not an object");
    }
    return;
  }
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    fail(op, c, res, text, "body is not JSON");
  }
  const validate = validatorFor(documented.schema, resolve);
  if (!validate(body)) fail(op, c, res, text, `body does not match the documented ${status} schema: ${describeErrors(validate)}`);
  if (status >= 400) {
    const requestId = (body as { error: { requestId: string } }).error.requestId;
    if (requestId !== res.headers.get("x-request-id")) fail(op, c, res, text, "error.requestId differs from X-Request-Id");
  }
}

/** One describe per operation: ≥ RUNS valid and ≥ RUNS invalid generated requests. */
export function fuzzOperations(ops: Operation[]): void {
  beforeAll(() =>
    setLogSink((line, level) => {
      if (level !== "error") return;
      errorLines.push(line.slice(0, 800));
      if (errorLines.length > 500) errorLines.splice(0, 250);
    }),
  );
  afterAll(() => {
    setLogSink(null);
    if (process.env.FUZZ_REPORT === "1") for (const [k, v] of tally) process.stdout.write(`${k} ${JSON.stringify(v)}\n`);
  });

  // Each operation has its own world, so operations run concurrently (vitest's maxConcurrency):
  // the requests wait on PostgreSQL, and interleaving them keeps the suite fast on two cores.
  describe.concurrent("operations", () => {
    for (const op of ops) {
      describe(`${op.method.toUpperCase()} ${op.path}`, () => {
        let fw: FuzzWorld;
        beforeAll(async () => {
          fw = await createFuzzWorld();
          await discoverPools(op, fw);
        });

        it(`${RUNS} valid requests: no 5xx, documented statuses, 2xx bodies match the schema`, { timeout: TIMEOUT }, async () => {
          await fc.assert(fc.asyncProperty(validCaseArb(op, fw), (c) => check(op, c)), { numRuns: RUNS });
        });

        it(`${RUNS} invalid requests: 4xx with the error shape, never 5xx`, { timeout: TIMEOUT }, async () => {
          const arb = invalidCaseArb(op, fw) ?? noiseCaseArb(op, fw);
          await fc.assert(fc.asyncProperty(arb, (c) => check(op, c)), { numRuns: RUNS });
        });
      });
    }
  });
}
