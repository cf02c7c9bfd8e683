// Nothing a tenant writes may stall a process. Every tenant regular expression (JSON Schema
// `pattern` / `patternProperties`, JSONata regex literals, $toMillis pictures) runs on RE2, so
// a catastrophic pattern answers as fast as a harmless input; a pattern RE2 cannot run is a 422
// when the workflow is saved; an expression that still runs long is stopped at a hard deadline.
// Timings are compared with a normal input measured in the same test, never an absolute figure.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST as startRoute } from "@/app/v1/workflows/[id]/runs/route";
import { validateRunInput } from "@/lib/runs/validate-input";
import { MAX_SCHEMA_NODES, VALIDATION_DEADLINE_MS } from "@/lib/workflows/bounded-schema";
import { jsonSchemaError } from "@/lib/workflows/json-schema";
import { EXPRESSION_LIMITS } from "@/lib/workflows/expressions";
import { EXPRESSION_HARD_DEADLINE_MS, evaluateExpression } from "@/lib/workflows/evaluate-expression";
import { grantTestCredits } from "@/test/factories/billing";
import { createTestWorkflow } from "@/test/factories/workflows";
import { graph, output, startTestRun, startTestWorker, stepsOf, transform, trigger, waitForRun, type TestWorker } from "@/test/support/run-worker";
import { call, inProject } from "@/test/support/http";
import { tenant, type Tenant } from "@/test/support/world";
import { api } from "@/test/workflows/helpers";

const MARGIN_MS = 100;

/**
 * Patterns that backtrack catastrophically, an input that makes them do it (0.3–3 s each on
 * JavaScript's RegExp, doubling with every character), and a harmless input.
 */
const CATASTROPHIC: [pattern: string, attack: string, normal: string][] = [
  ["^(a+)+$", `${"a".repeat(27)}!`, "aaa"],
  ["(a+)+$", `${"a".repeat(26)}!`, "aaa"],
  ["(a|aa)+$", `${"a".repeat(37)}!`, "aa"],
  ["(a|a?)+$", `${"a".repeat(24)}!`, "aa"],
  ["(.*a){20}", `${"a".repeat(19)}\n`.repeat(60), "a".repeat(20)],
  ["^(\\w+\\s?)*$", `${"a".repeat(27)}!`, "hello world"],
  ["(x+x+)+y", "x".repeat(26), "xxy"],
];

async function elapsed(f: () => unknown): Promise<number> {
  const start = performance.now();
  await f();
  return performance.now() - start;
}

/**
 * The fastest of three timings: the suite runs files in parallel on a small machine, and a
 * scheduler pause must not pass for backtracking. A backtracking regex is slow every time.
 */
async function fastest(f: () => unknown): Promise<number> {
  let best = Infinity;
  for (let i = 0; i < 3; i++) best = Math.min(best, await elapsed(f));
  return best;
}

/** Runs `f` and swallows the error a refused input throws: only its time matters here. */
const settle = (f: () => unknown) => async () => {
  try {
    await f();
  } catch {
    // a 422 is an answer
  }
};

const scope = (input: unknown) => ({ input, steps: {} });

describe("JSON Schema patterns in the trigger's input schema", () => {
  let t: Tenant;
  let workflowId: string;
  const start = (s: string) =>
    call(startRoute, `/v1/workflows/${workflowId}/runs`, { method: "POST", headers: inProject(t.owner, t.slug, t.project.slug), body: { input: { s } }, params: { id: workflowId } });

  beforeAll(async () => {
    t = await tenant();
    await grantTestCredits(t.workspace.id, 100_000_000n);
    const schema = { type: "object", properties: { s: { type: "string", pattern: "^(a+)+$" } }, required: ["s"] };
    const wf = await createTestWorkflow({ workspaceId: t.workspace.id, projectId: t.project.id, graph: graph([{ ...trigger(), config: { inputSchema: schema } }, output()], ["trigger>output"]) });
    workflowId = wf.workflow.id;
    await start("a"); // compiles the schema once
  });

  it("reproduction: starting a run with 27 × a + ! against ^(a+)+$ answers 422 as fast as a normal input gets its run", async () => {
    let normal = 0;
    const normalTime = await fastest(async () => (normal = (await start("a".repeat(27))).status));
    expect(normal).toBe(201);
    let res: Awaited<ReturnType<typeof start>> | undefined;
    const attackTime = await fastest(async () => (res = await start(`${"a".repeat(27)}!`)));
    expect(res!.status).toBe(422);
    expect(res!.json.error.details).toEqual([{ path: "input.s", message: 'must match pattern "^(a+)+$"' }]);
    expect(attackTime - normalTime).toBeLessThan(MARGIN_MS);
  });

  it("a normal run started alongside the attack is not delayed", async () => {
    const alone = await elapsed(() => start("aaaa"));
    let together = 0;
    await Promise.all([start(`${"a".repeat(27)}!`), elapsed(() => start("aaaa")).then((ms) => (together = ms))]);
    expect(together - alone).toBeLessThan(MARGIN_MS);
  });

  it.each(CATASTROPHIC)("%j as pattern and as patternProperties key: the attack input is validated within 100 ms of a normal one", async (pattern, attack, normal) => {
    const asPattern = { type: "object", properties: { s: { type: "string", pattern } } };
    const asKey = { type: "object", patternProperties: { [pattern]: { type: "string" } }, additionalProperties: false };
    for (const [schema, input] of [
      [asPattern, (s: string) => ({ s })],
      [asKey, (s: string) => ({ [s]: "x" })],
    ] as const) {
      const normalTime = await fastest(settle(() => validateRunInput(schema, input(normal))));
      const attackTime = await fastest(settle(() => validateRunInput(schema, input(attack))));
      expect(attackTime - normalTime).toBeLessThan(MARGIN_MS);
    }
  });
});

describe("validation work beyond patterns", () => {
  let t: Tenant;
  beforeAll(async () => {
    t = await tenant();
    await grantTestCredits(t.workspace.id, 100_000_000n);
  });
  const startWith = async (inputSchema: object, input: unknown) => {
    const wf = await createTestWorkflow({ workspaceId: t.workspace.id, projectId: t.project.id, graph: graph([{ ...trigger(), config: { inputSchema } }, output()], ["trigger>output"]) });
    const start = () => call(startRoute, `/v1/workflows/${wf.workflow.id}/runs`, { method: "POST", headers: inProject(t.owner, t.slug, t.project.slug), body: { input }, params: { id: wf.workflow.id } });
    await start(); // compiles the schema
    let res: Awaited<ReturnType<typeof start>> | undefined;
    const ms = await elapsed(async () => (res = await start()));
    return { res: res!, ms };
  };

  it("an anyOf of 1,990 consts over 20,000 items (5 s or more of Ajv's time) is stopped at the validation deadline with a 422", async () => {
    const items = { anyOf: Array.from({ length: 1990 }, (_, i) => ({ const: i })) };
    const input = { list: Array.from({ length: 20_000 }, () => 1989) };
    const { res, ms } = await startWith({ type: "object", properties: { list: { type: "array", items } } }, input);
    expect(res.status).toBe(422);
    expect(res.json.error.details).toEqual([{ path: "input", message: `Checking it against the schema took longer than ${VALIDATION_DEADLINE_MS} ms and was stopped` }]);
    const normal = await startWith({ type: "object", properties: { list: { type: "array", items: { type: "integer" } } } }, input);
    expect(normal.res.status).toBe(201);
    expect(ms - normal.ms).toBeLessThan(VALIDATION_DEADLINE_MS + MARGIN_MS);
  });

  it("uniqueItems over 50,000 distinct arrays is checked within 200 ms of the same input without it (Ajv's pairwise comparison: ~20 s)", async () => {
    const input = { list: Array.from({ length: 50_000 }, (_, i) => [i]) };
    const unique = { type: "object", properties: { list: { type: "array", uniqueItems: true } } };
    const plain = { type: "object", properties: { list: { type: "array" } } };
    validateRunInput(unique, { list: [] }); // compiles both schemas
    validateRunInput(plain, { list: [] });
    const plainTime = await fastest(() => validateRunInput(plain, input));
    const uniqueTime = await fastest(() => validateRunInput(unique, input));
    expect(uniqueTime - plainTime).toBeLessThan(MARGIN_MS * 2);
    const dup = await startWith({ type: "object", properties: { list: { type: "array", uniqueItems: true } } }, { list: [{ a: 1, b: [2] }, 3, { b: [2], a: 1 }] });
    expect(dup.res.json.error.details).toEqual([{ path: "input.list", message: "must NOT have duplicate items (items ## 0 and 2 are identical)" }]);
  });

  it(`a schema of more than ${MAX_SCHEMA_NODES} subschemas is invalid without being compiled`, () => {
    const ok = { anyOf: Array.from({ length: MAX_SCHEMA_NODES - 1 }, (_, i) => ({ const: i })) };
    const tooLarge = { anyOf: Array.from({ length: MAX_SCHEMA_NODES }, (_, i) => ({ const: i })) };
    expect(jsonSchemaError(ok)).toBeNull();
    expect(jsonSchemaError(tooLarge)).toBe(`The schema has more than ${MAX_SCHEMA_NODES} subschemas`);
  });
});

describe("JSONata regex literals", () => {
  beforeAll(() => evaluateExpression("1", scope({}), { where: "child" })); // the first thread's start-up is not the regex's time

  it("reproduction: $match(input.s, /^(a+)+$/) on 29 × a + ! takes as long as on 29 × a", async () => {
    const expr = "$match(input.s, /^(a+)+$/)";
    let normal: unknown;
    let attack: unknown;
    const normalTime = await fastest(async () => (normal = await evaluateExpression(expr, scope({ s: "a".repeat(29) }))));
    const attackTime = await fastest(async () => (attack = await evaluateExpression(expr, scope({ s: `${"a".repeat(29)}!` }))));
    expect(normal).toEqual({ match: "a".repeat(29), index: 0, groups: ["a".repeat(29)] });
    expect(attack).toBeNull();
    expect(attackTime - normalTime).toBeLessThan(MARGIN_MS);
  });

  it.each(CATASTROPHIC)("%j in $contains, $match and $replace: the attack input within 100 ms of a normal one", async (pattern, attack, normal) => {
    for (const expr of [`$contains(input.s, /${pattern}/)`, `$match(input.s, /${pattern}/)`, `$replace(input.s, /${pattern}/, "-")`]) {
      const normalTime = await fastest(() => evaluateExpression(expr, scope({ s: normal })));
      const attackTime = await fastest(() => evaluateExpression(expr, scope({ s: attack })));
      expect(attackTime - normalTime).toBeLessThan(MARGIN_MS);
    }
  });

  it("a regex literal that arrives as data, through $eval, runs on RE2 too", async () => {
    const expr = "$eval(input.e, {'s': input.s})";
    const e = "$match(s, /^(a+)+$/)";
    const normalTime = await fastest(() => evaluateExpression(expr, scope({ e, s: "a".repeat(29) })));
    const attackTime = await fastest(() => evaluateExpression(expr, scope({ e, s: `${"a".repeat(29)}!` })));
    expect(attackTime - normalTime).toBeLessThan(MARGIN_MS);
    await expect(evaluateExpression("$eval(input.e)", scope({ e: "$match('aa', /(a)\\1/)" }))).rejects.toThrow(/is not supported: invalid escape sequence/);
  });

  it("keeps JavaScript results: groups, flags, global iteration, $split", async () => {
    expect(await evaluateExpression("$match('ab12cd345', /([a-z]+)(\\d+)/)", scope({}))).toEqual([
      { match: "ab12", index: 0, groups: ["ab", "12"] },
      { match: "cd345", index: 4, groups: ["cd", "345"] },
    ]);
    expect(await evaluateExpression("$replace('Hello hello', /HELLO/i, 'bye')", scope({}))).toBe("bye bye");
    expect(await evaluateExpression("$split('a1b22c', /\\d+/)", scope({}))).toEqual(["a", "b", "c"]);
    expect(await evaluateExpression("$contains('x\\nab', /^ab$/m)", scope({}))).toBe(true);
  });

  it("$toMillis with a picture (compiled to a regex inside JSONata) answers at once for an attack timestamp", async () => {
    const expr = "$toMillis(input.s, '[MNn][MNn][MNn][MNn][MNn][MNn][MNn][MNn]')";
    const normalTime = await fastest(() => evaluateExpression(expr, scope({ s: "MarchApril" })));
    const attackTime = await fastest(() => evaluateExpression(expr, scope({ s: `${"a".repeat(60)}!` })));
    expect(attackTime - normalTime).toBeLessThan(MARGIN_MS);
    expect(await evaluateExpression("$toMillis('Tuesday, 27th March 2018', '[FNn], [D1o] [MNn] [Y]')", scope({}))).toBe(Date.UTC(2018, 2, 27));
  });
});

describe("a hard deadline no builtin escapes", () => {
  it("$distinct of 200,000 numbers (one quadratic builtin call) is stopped at the deadline; an evaluation alongside is not delayed", async () => {
    const alone = await elapsed(() => evaluateExpression("input.n + 1", scope({ n: 1 }), { where: "child" }));
    const slow = elapsed(async () => {
      await expect(evaluateExpression("$count($distinct([1..200000]))", scope({}))).rejects.toThrow(`it ran longer than ${EXPRESSION_LIMITS.timeout} ms and was stopped`);
    });
    await new Promise((r) => setTimeout(r, 50));
    let value: unknown;
    const together = await elapsed(async () => (value = await evaluateExpression("input.n + 1", scope({ n: 1 }), { where: "child" })));
    expect(value).toBe(2);
    expect(together - alone).toBeLessThan(MARGIN_MS);
    const stoppedAfter = await slow;
    expect(stoppedAfter).toBeGreaterThanOrEqual(EXPRESSION_HARD_DEADLINE_MS - 50);
    expect(stoppedAfter).toBeLessThan(EXPRESSION_HARD_DEADLINE_MS + 500);
    expect(await evaluateExpression("input.n * 3", scope({ n: 2 }), { where: "child" })).toBe(6);
  });
});

describe("through the engine", () => {
  let worker: TestWorker;
  let t: Tenant;
  beforeAll(async () => {
    t = await tenant();
    await grantTestCredits(t.workspace.id);
    worker = await startTestWorker();
  });
  afterAll(() => worker.stop());

  it("reproduction: a transform $match(input.s, /^(a+)+$/) on 29 × a + ! runs as long as on a normal input, beside a normal run", async () => {
    const g = graph([trigger(), transform("match", "$match(input.s, /^(a+)+$/)"), output()], ["trigger>match", "match>output"]);
    const ids = { workspaceId: t.workspace.id, projectId: t.project.id, graph: g };
    await waitForRun((await startTestRun({ ...ids, input: { s: "warm" } })).run.id, "succeeded"); // thread start-up
    const [attack, normal] = await Promise.all([startTestRun({ ...ids, input: { s: `${"a".repeat(29)}!` } }), startTestRun({ ...ids, input: { s: "a".repeat(29) } })]);
    const finished = await Promise.all([attack, normal].map(({ run }) => waitForRun(run.id, ["succeeded", "failed"])));
    expect(finished.map((r) => r.status)).toEqual(["succeeded", "succeeded"]);
    const stepTime = async (runId: string) => {
      const step = (await stepsOf(runId)).find((s) => s.nodeId === "match")!;
      return { ms: step.finishedAt!.getTime() - step.startedAt!.getTime(), output: step.output };
    };
    const [a, n] = await Promise.all([stepTime(attack.run.id), stepTime(normal.run.id)]);
    expect(a.output).toBeNull();
    expect(n.output).toMatchObject({ match: "a".repeat(29) });
    expect(a.ms - n.ms).toBeLessThan(MARGIN_MS);
  }, 20_000);
});

describe("a pattern RE2 cannot run is refused when the workflow is saved", () => {
  let admin: Record<string, string>;
  beforeAll(async () => {
    const t = await tenant();
    admin = inProject(t.admin, t.slug);
  });

  const withSchema = (inputSchema: object) => graph([{ ...trigger(), config: { inputSchema } }, output()], ["trigger>output"]);
  const withExpression = (expression: string) => graph([trigger(), transform("t", expression), output()], ["trigger>t", "t>output"]);
  const refused = (res: { status: number; json: { error: { code: string; message: string; details: { path: string; message: string }[] } } }, path: string, what: RegExp) => {
    expect(res.status).toBe(422);
    expect(res.json.error.code).toBe("invalid_request");
    expect(res.json.error.message).toBe("The workflow uses regular expressions that cannot run on RE2");
    expect(res.json.error.details).toEqual([{ path, message: expect.stringMatching(what) }]);
    expect(res.json.error.details[0].message).toMatch(/Patterns run on RE2 \(linear time\): no backreferences, no lookahead or lookbehind$/);
  };

  it.each([
    ["a backreference", { type: "string", pattern: "^(a)\\1$" }, /^Regular expression \/\^\(a\)\\1\$\/ is not supported: invalid escape sequence/],
    ["a lookahead", { type: "object", patternProperties: { "^(?!x)": {} } }, /^Regular expression \/\^\(\?!x\)\/ is not supported/],
    ["a named backreference", { type: "string", pattern: "(?<q>['\"]).*\\k<q>" }, /\\k<name> backreference/],
  ])("POST /v1/workflows with %s in the input schema → 422 naming the node and the pattern; nothing saved", async (_what, schema, message) => {
    const name = `re2-${Math.random().toString(36).slice(2, 8)}`;
    refused(await api.create(admin, { name, graph: withSchema(schema) }), "graph.nodes.trigger.config.inputSchema", message);
    expect((await api.list(admin)).json.data.some((w: { name: string }) => w.name === name)).toBe(false);
  });

  it("PATCH with a lookbehind in a transform's regex literal → 422; the draft is unchanged", async () => {
    const created = await api.create(admin, { name: "re2-patch", graph: withExpression("$match(input.s, /^(a+)+$/)") });
    expect(created.status).toBe(201); // catastrophic on a backtracking engine, harmless on RE2
    const res = await api.patch(admin, created.json.id, { graph: withExpression("$match(input.s, /(?<=a)b/)") });
    refused(res, "graph.nodes.t.config.expression", /^Regular expression \/\(\?<=a\)b\/ is not supported/);
    expect((await api.get(admin, created.json.id)).json.draftRevision).toBe(created.json.draftRevision);
  });
});
