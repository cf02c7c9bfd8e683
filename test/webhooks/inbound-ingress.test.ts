import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { stopBoss } from "@/lib/queue/boss";
import { signInbound } from "@/lib/webhooks/inbound-signature";
import { POST as ingressRoute } from "@/app/v1/inbound/[subscriptionId]/route";
import { createTestWorkflow } from "@/test/factories/workflows";
import { createTestToken } from "@/test/factories/tokens";
import { tenant } from "@/test/support/world";
import { admittedRun, createSubscription, deliver, inboundWorld, uniqueKey, type Created } from "./inbound-helpers";
import { call } from "@/test/support/http";
import { startTestWorker, type TestWorker } from "@/test/support/run-worker";

// A worker admits accepted deliveries (creates their runs) and runs them, as in production.
let worker: TestWorker;
beforeAll(async () => {
  worker = await startTestWorker();
});
afterAll(async () => {
  await worker.stop();
  await stopBoss();
});

const BODY = '{"name":"Ada"}';
const DENIED = { code: "unauthorized", message: "Invalid credentials or signature" };

const runsOf = (subscriptionId: string) => db.run.count({ where: { inboundSubscriptionId: subscriptionId } });
const reasons = async (subscriptionId: string) =>
  (await db.inboundDelivery.findMany({ where: { subscriptionId }, orderBy: { id: "asc" }, select: { status: true, reason: true } })).map((d) => `${d.status} ${d.reason}`);

function expectDenied(res: { status: number; json: { error: { code: string; message: string } } }) {
  expect(res.status).toBe(401);
  expect({ code: res.json.error.code, message: res.json.error.message }).toEqual(DENIED);
}

describe("POST /v1/inbound/{subscriptionId}", () => {
  it("a signed delivery with the bound token is logged and acknowledged; a worker starts its run of the latest version", async () => {
    const { workflow, sub } = await inboundWorld();
    const res = await deliver(sub, BODY);
    expect(res.status).toBe(202);
    expect(res.json).toEqual({ runId: expect.stringMatching(/^run_/) });
    expect(res.headers.get("cache-control")).toBe("no-store");
    expect(res.headers.get("x-ratelimit-limit")).toBeTruthy();
    // Committed with the 202: the log line naming the run, before the run exists.
    expect(await db.inboundDelivery.findMany({ where: { subscriptionId: sub.id } })).toEqual([expect.objectContaining({ status: 202, reason: "accepted", runId: res.json.runId })]);
    const run = await admittedRun(res.json.runId);
    expect(run).toMatchObject({
      workflowId: workflow.id,
      trigger: "inbound",
      input: { name: "Ada" },
      inboundSubscriptionId: sub.id,
      startedByTokenId: sub.tokenId,
      versionNumber: 1,
    });
    const log = await db.inboundDelivery.findMany({ where: { subscriptionId: sub.id } });
    expect(log).toEqual([expect.objectContaining({ status: 202, reason: "accepted", runId: run.id, idempotencyKey: null })]);
    expect((await db.inboundSubscription.findUniqueOrThrow({ where: { id: sub.id } })).lastDeliveryAt).toBeInstanceOf(Date);
  });

  it("every signature tamper case → the same 401, no run, logged as bad_signature", async () => {
    const { sub } = await inboundWorld();
    const good = signInbound(sub.signingSecret, BODY);
    const oneByte = BODY.replace("Ada", "Adb");
    const flipped = good.slice(0, -1) + (good.endsWith("0") ? "1" : "0");
    const cases: Array<[string, Parameters<typeof deliver>[2] & { body?: string }]> = [
      ["one body byte changed", { body: oneByte, signature: good }],
      ["one signature character changed", { signature: flipped }],
      ["wrong secret", { secret: "whsec_not-the-secret-000000000000000000000000" }],
      ["sha1= prefix", { signature: "sha1=" + good.slice(7) }],
      ["no prefix", { signature: good.slice(7) }],
      ["wrong length", { signature: good.slice(0, -2) }],
      ["re-serialised JSON", { body: '{ "name": "Ada" }', signature: good }],
      ["missing header", { signature: null }],
    ];
    for (const [what, { body, ...opts }] of cases) {
      const res = await deliver(sub, body ?? BODY, opts);
      expect(res.status, what).toBe(401);
      expectDenied(res);
    }
    expect(await runsOf(sub.id)).toBe(0);
    expect(await reasons(sub.id)).toEqual(cases.map(() => "401 bad_signature"));
  });

  it("another subscription's token, a personal PAT (all scopes), a revoked or expired token, a cookie only → 401", async () => {
    const { t, workflow, sub } = await inboundWorld();
    const other = (await createSubscription(t, workflow.id)).json as Created;
    const pat = await createTestToken({ userId: t.admin.id, workspaceId: t.workspace.id });
    const projectPat = await createTestToken({ userId: t.owner.id, workspaceId: t.workspace.id, projectId: t.project.id, scopes: ["workflow:run"] });
    const automation = await createTestToken({ userId: t.admin.id, workspaceId: t.workspace.id, projectId: t.project.id, scopes: ["workflow:run"], kind: "automation" });
    const denied = [
      await deliver(sub, BODY, { token: other.token }),
      await deliver(sub, BODY, { token: pat.token }),
      await deliver(sub, BODY, { token: projectPat.token }),
      await deliver(sub, BODY, { token: automation.token }),
      await deliver(sub, BODY, { token: null, headers: { cookie: t.admin.cookie } }),
      await deliver(sub, BODY, { token: null }),
      await deliver(sub, BODY, { token: null, headers: { authorization: `Basic ${Buffer.from(`x:${sub.token}`).toString("base64")}` } }),
      await deliver(sub, BODY, { token: sub.token.slice(0, -1) + (sub.token.endsWith("A") ? "B" : "A") }),
    ];
    for (const res of denied) expectDenied(res);
    // The other subscription's own token still works on its own URL.
    expect((await deliver(other, BODY)).status).toBe(202);

    await db.apiToken.update({ where: { id: sub.tokenId }, data: { expiresAt: new Date(Date.now() - 1000) } });
    expectDenied(await deliver(sub, BODY));
    await db.apiToken.update({ where: { id: sub.tokenId }, data: { expiresAt: null, revokedAt: new Date() } });
    expectDenied(await deliver(sub, BODY));
    expect(await runsOf(sub.id)).toBe(0);
    expect(await reasons(sub.id)).toEqual(Array(denied.length + 2).fill("401 bad_token"));
  });

  it("unknown, deleted and disabled subscriptions answer the same 401; only the existing ones log it", async () => {
    const { t, sub } = await inboundWorld();
    const unknown = await deliver({ ...sub, id: "ibs_00000000000000000000000000" }, BODY);
    expectDenied(unknown);
    expectDenied(await deliver({ ...sub, id: "x".repeat(64) }, BODY));
    await db.inboundSubscription.update({ where: { id: sub.id }, data: { enabled: false } });
    const disabled = await deliver(sub, BODY);
    expectDenied(disabled);
    const badToken = await deliver(sub, BODY, { token: null });
    // Nothing in the answer tells an existing subscription from an unknown one: same headers, same body.
    const shape = (r: typeof unknown) => ({ headers: [...r.headers.keys()].sort(), body: { ...r.json.error, requestId: "-" } });
    expect(shape(disabled)).toEqual(shape(unknown));
    expect(shape(badToken)).toEqual(shape(unknown));
    expect(unknown.headers.get("x-ratelimit-limit")).toBeNull();
    expect(await reasons(sub.id)).toEqual(["401 disabled", "401 disabled"]);
    await db.inboundSubscription.update({ where: { id: sub.id }, data: { enabled: true } });
    expect((await deliver(sub, BODY)).status).toBe(202);
    // The token owner left the workspace: the token's rights (scope ∩ role) are gone.
    await db.workspaceMember.deleteMany({ where: { workspaceId: t.workspace.id, userId: t.admin.id } });
    expectDenied(await deliver(sub, BODY));
    expect(await reasons(sub.id)).toEqual(["401 disabled", "401 disabled", "202 accepted", "401 bad_token"]);
  });

  it("bodies over 1 MiB → 413 (declared or streamed); exactly 1 MiB is accepted", async () => {
    const { sub } = await inboundWorld();
    const MiB = 1024 * 1024;
    const sized = (n: number) => {
      const head = '{"name":"Ada","pad":"';
      return head + "x".repeat(n - head.length - 2) + '"}';
    };
    expect(Buffer.byteLength(sized(MiB))).toBe(MiB);
    const over = await deliver(sub, sized(MiB + 1));
    expect(over.status).toBe(413);
    expect(over.json.error.code).toBe("payload_too_large");
    const declared = await deliver(sub, BODY, { headers: { "content-length": String(5 * MiB) } });
    expect(declared.status).toBe(413);
    // A chunked stream without Content-Length is counted as it arrives.
    const chunk = new Uint8Array(256 * 1024).fill(0x20);
    let sent = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(c) {
        if (sent >= 8) return c.close();
        sent++;
        c.enqueue(chunk);
      },
    });
    const req = new Request(`http://localhost/v1/inbound/${sub.id}`, {
      method: "POST",
      headers: { authorization: `Bearer ${sub.token}`, "x-agentruntime-signature": signInbound(sub.signingSecret, "") },
      body: stream,
      duplex: "half",
    } as RequestInit);
    const streamed = await ingressRoute(req, { params: Promise.resolve({ subscriptionId: sub.id }) });
    expect(streamed.status).toBe(413);
    expect(sent).toBeLessThan(8);
    const exact = await deliver(sub, sized(MiB));
    expect(exact.status).toBe(202);
    expect(await reasons(sub.id)).toEqual(["413 too_large", "413 too_large", "413 too_large", "202 accepted"]);
  });

  it("the same delivery ×10 (5 at once) with one Idempotency-Key → exactly 1 run, the same 202 body replayed", { timeout: 30_000 }, async () => {
    const { sub } = await inboundWorld();
    // A first delivery without a key: the job queue is started (a one-off cost per process) before the burst.
    expect((await deliver(sub, BODY)).status).toBe(202);
    const key = uniqueKey();
    const first = await Promise.all(Array.from({ length: 5 }, () => deliver(sub, BODY, { idempotencyKey: key })));
    const rest = [];
    for (let i = 0; i < 5; i++) rest.push(await deliver(sub, BODY, { idempotencyKey: key }));
    const all = [...first, ...rest];
    expect(all.map((r) => r.status)).toEqual(Array(10).fill(202));
    const runIds = new Set(all.map((r) => r.json.runId));
    expect(runIds.size).toBe(1);
    for (const id of runIds) await admittedRun(id);
    const firstRun = (await db.inboundDelivery.findFirstOrThrow({ where: { subscriptionId: sub.id, idempotencyKey: null } })).runId!;
    await admittedRun(firstRun);
    expect(await runsOf(sub.id)).toBe(2);
    const log = await reasons(sub.id);
    expect(log.filter((r) => r === "202 accepted")).toHaveLength(2);
    expect(log.filter((r) => r === "202 duplicate")).toHaveLength(9);
    const logged = await db.inboundDelivery.findMany({ where: { subscriptionId: sub.id, idempotencyKey: { not: null } } });
    expect(new Set(logged.map((d) => d.runId))).toEqual(runIds);
    expect(new Set(logged.map((d) => d.idempotencyKey))).toEqual(new Set([key]));
    // Another key is another delivery; the same key with another body is a sender bug (422).
    const another = await deliver(sub, BODY, { idempotencyKey: uniqueKey() });
    expect(another.status).toBe(202);
    await admittedRun(another.json.runId);
    const reused = await deliver(sub, '{"name":"Bob"}', { idempotencyKey: key });
    expect(reused.status).toBe(422);
    expect(await runsOf(sub.id)).toBe(3);
    expect((await reasons(sub.id)).slice(-1)).toEqual(["422 idempotency_conflict"]);
  });

  it("422 for malformed JSON, a non-object, input that fails the trigger schema or a bad Idempotency-Key — after the signature", async () => {
    const { sub } = await inboundWorld();
    const cases: Array<[string, string, Record<string, string>?]> = [
      ["{not json", "invalid_json"],
      ['["Ada"]', "invalid_json"],
      ['"Ada"', "invalid_json"],
      ['{"nome":"Ada"}', "invalid_input"],
      ['{"name":""}', "invalid_input"],
      ['{"name":"\\u0000"}', "invalid_input"],
      [BODY, "invalid_idempotency_key", { "idempotency-key": "x".repeat(256) }],
    ];
    for (const [body, , headers] of cases) {
      const res = await deliver(sub, body, { headers });
      expect(res.status, body).toBe(422);
      expect(res.json.error.code).toBe("invalid_request");
    }
    const schema = await deliver(sub, '{"nome":"Ada"}');
    expect(schema.json.error.details).toEqual([expect.objectContaining({ path: "input.name" })]);
    // The same malformed body without a valid signature is a 401: nothing is parsed before verification.
    expectDenied(await deliver(sub, "{not json", { signature: "sha256=" + "0".repeat(64) }));
    expect(await runsOf(sub.id)).toBe(0);
    expect(await reasons(sub.id)).toEqual([...cases.map(([, reason]) => `422 ${reason}`), "422 invalid_input", "401 bad_signature"]);
  });

  it("402 when the workspace has no credits; logged as insufficient_credits", async () => {
    const t = await tenant();
    const { workflow } = await createTestWorkflow({ workspaceId: t.workspace.id, projectId: t.project.id });
    const sub = (await createSubscription(t, workflow.id)).json as Created;
    const res = await deliver(sub, BODY);
    expect(res.status).toBe(402);
    expect(res.json.error.code).toBe("insufficient_credits");
    expect(await runsOf(sub.id)).toBe(0);
    expect(await reasons(sub.id)).toEqual(["402 insufficient_credits"]);
  });

  it("rate-limited per subscription: L+k requests → L pass, k get 429 with Retry-After; 429s are not logged", async () => {
    const { t, workflow, sub } = await inboundWorld();
    const other = (await createSubscription(t, workflow.id)).json as Created;
    const saved = process.env.AR_RL_INBOUND_POINTS;
    process.env.AR_RL_INBOUND_POINTS = "3";
    try {
      const statuses = [];
      for (let i = 0; i < 5; i++) statuses.push(await deliver(sub, BODY, { signature: i % 2 ? null : undefined }));
      expect(statuses.map((r) => r.status)).toEqual([202, 401, 202, 429, 429]);
      const limited = statuses[3];
      expect(limited.json.error.code).toBe("rate_limited");
      expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(0);
      expect(limited.headers.get("x-ratelimit-limit")).toBe("3");
      expect(limited.headers.get("x-ratelimit-remaining")).toBe("0");
      // Another subscription has its own bucket.
      expect((await deliver(other, BODY)).status).toBe(202);
    } finally {
      if (saved === undefined) delete process.env.AR_RL_INBOUND_POINTS;
      else process.env.AR_RL_INBOUND_POINTS = saved;
    }
    expect(await reasons(sub.id)).toEqual(["202 accepted", "401 bad_signature", "202 accepted"]);
  });

  it("a route call without the subscriptionId param is a 401, not an error", async () => {
    const res = await call(ingressRoute, "/v1/inbound/", { method: "POST", body: BODY });
    expectDenied(res);
  });
});
