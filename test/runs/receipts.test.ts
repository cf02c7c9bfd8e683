// Signed run receipts for workflow runs executed by the real worker: every way a step row is
// written (engine checkpoints, skips written before the outcome of the step ahead of them, gate
// decisions, cancel, rerun copies) leaves a chain that verifies; a byte changed behind the
// application's back fails at exactly that step; the JWS and the route's promises.
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CompactSign, exportJWK, generateKeyPair } from "jose";
import { db } from "@/lib/db/client";
import { POST as startRoute } from "@/app/v1/workflows/[id]/runs/route";
import { POST as cancelRoute } from "@/app/v1/runs/[id]/cancel/route";
import { POST as rerunRoute } from "@/app/v1/runs/[id]/rerun/route";
import { GET as receiptRoute } from "@/app/v1/runs/[id]/receipt/route";
import { GET as keysRoute } from "@/app/.well-known/agentruntime-keys.json/route";
import { POST as approveRoute } from "@/app/v1/approvals/[id]/approve/route";
import { POST as rejectRoute } from "@/app/v1/approvals/[id]/reject/route";
import { platformJwks } from "@/lib/platform-keys/platform-keys";
import { RunReceiptInvalid, verifyRunReceipt, type RunReceipt } from "@/lib/runs/receipts/verify-run-receipt";
import { createTestWorkflow } from "@/test/factories/workflows";
import { graph, output, startTestWorker, transform, trigger, waitForRun, type TestWorker } from "@/test/support/run-worker";
import { asToken, call, inProject } from "@/test/support/http";
import { joinAs, tenant, type Person, type Tenant } from "@/test/support/world";

// trigger → check → gate (true branch) | small → output (false branch): with n > 5 the gate is
// the last active node, so when it is approved the rows of `small` and `output` (seqs after the
// gate's) are written, skipped, in the same checkpoint just before the gate's own outcome.
const BRANCHY_GATE = graph(
  [trigger(), { id: "check", type: "condition", config: { expression: "input.n > 5" } }, { id: "gate", type: "approval", config: { message: "Ship {{ input.n }}?" } }, transform("small", '"small"'), output()],
  ["trigger>check", "check>gate:true", "check>small:false", "small>output"],
);

let t: Tenant;
let foreign: Tenant;
let viewer: Person;
let worker: TestWorker;
let gated: string;
let hello: string;
let raw: pg.Client;

const hdr = (p: Person = t.owner, tt: Tenant = t) => inProject(p, tt.slug, tt.project.slug);
const start = async (workflowId: string, input: unknown, tt: Tenant = t) => {
  const res = await call(startRoute, "/x", { method: "POST", headers: hdr(tt.owner, tt), body: { input }, params: { id: workflowId } });
  expect(res.status).toBe(201);
  return res.json as { id: string };
};
const receiptOf = async (runId: string, p: Person = t.owner) => {
  const res = await call(receiptRoute, "/x", { headers: hdr(p), params: { id: runId } });
  expect(res.status).toBe(200);
  return res.json as RunReceipt & { chain: { steps: Array<Record<string, unknown> & { seq: number; nodeId: string; hash: string; prevHash: string }>; genesis: string }; keys: string };
};
const approvalOf = (runId: string) => db.approval.findFirstOrThrow({ where: { runId } });
const failure = async (p: Promise<unknown>) => {
  const err = await p.then(() => null, (e: unknown) => e);
  expect(err).toBeInstanceOf(RunReceiptInvalid);
  return err as RunReceiptInvalid;
};

beforeAll(async () => {
  [t, foreign] = await Promise.all([tenant({ credits: 1_000_000_000n }), tenant({ credits: true })]);
  viewer = await joinAs(t, "member", { projectId: t.project.id, role: "project_viewer" });
  gated = (await createTestWorkflow({ workspaceId: t.workspace.id, projectId: t.project.id, graph: BRANCHY_GATE })).workflow.id;
  hello = (await createTestWorkflow({ workspaceId: t.workspace.id, projectId: t.project.id })).workflow.id;
  raw = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await raw.connect();
  worker = await startTestWorker({ maintenance: false });
}, 60_000);

afterAll(async () => {
  await worker?.stop();
  await raw?.end();
});

describe("receipts of workflow runs", { timeout: 30_000 }, () => {
  it("an approved gate followed by skipped nodes: the chain verifies, in seq order, with the approver hashed", async () => {
    const run = await start(gated, { n: 10 });
    await waitForRun(run.id, "waiting_approval");
    // The starter may not approve their own run: the tenant admin decides. While waiting, the gate's row carries a provisional link: the receipt verifies already.
    const waiting = await receiptOf(run.id);
    expect(waiting.chain.steps.map((s) => [s.nodeId, s.status])).toEqual([["trigger", "succeeded"], ["check", "succeeded"], ["gate", "waiting_approval"]]);
    await verifyRunReceipt(waiting, await platformJwks());

    const approval = await approvalOf(run.id);
    expect((await call(approveRoute, "/x", { method: "POST", headers: hdr(t.admin), body: { comment: "go" }, params: { id: approval.id } })).status).toBe(200);
    await waitForRun(run.id, "succeeded");

    const receipt = await receiptOf(run.id);
    const steps = receipt.chain.steps;
    expect(steps.map((s) => [s.seq, s.nodeId, s.status])).toEqual([[1, "trigger", "succeeded"], [2, "check", "succeeded"], [3, "gate", "succeeded"], [4, "small", "skipped"], [5, "output", "skipped"]]);
    expect(steps[2].output).toMatchObject({ approved: true, decidedById: t.admin.id, comment: "go" });
    expect(steps[0].prevHash).toBe(receipt.chain.genesis);
    for (let i = 1; i < steps.length; i++) expect(steps[i].prevHash).toBe(steps[i - 1].hash);
    const head = await verifyRunReceipt(receipt, await platformJwks());
    expect(head).toMatchObject({ runId: run.id, workspaceId: t.workspace.id, projectId: t.project.id, runStatus: "succeeded", stepCount: 5, head: steps[4].hash });
    // The links are the stored ones, written with the steps.
    const stored = await db.runStep.findMany({ where: { runId: run.id }, orderBy: { seq: "asc" }, select: { hash: true } });
    expect(stored.map((s) => s.hash)).toEqual(steps.map((s) => s.hash));
  });

  it("a rejected gate (the approver in the step's error), a canceled wait, and a rerun's copied steps verify", async () => {
    const rejected = await start(gated, { n: 10 });
    await waitForRun(rejected.id, "waiting_approval");
    expect((await call(rejectRoute, "/x", { method: "POST", headers: hdr(t.admin), body: { comment: "no" }, params: { id: (await approvalOf(rejected.id)).id } })).status).toBe(200);
    await waitForRun(rejected.id, "failed");
    const r1 = await receiptOf(rejected.id);
    expect(r1.chain.steps.at(-1)).toMatchObject({ nodeId: "gate", status: "failed", error: { code: "approval_rejected", decidedById: t.admin.id } });
    await verifyRunReceipt(r1, await platformJwks());

    const canceled = await start(gated, { n: 10 });
    await waitForRun(canceled.id, "waiting_approval");
    expect((await call(cancelRoute, "/x", { method: "POST", headers: hdr(), body: {}, params: { id: canceled.id } })).status).toBe(200);
    const r2 = await receiptOf(canceled.id);
    expect(r2.chain.steps.at(-1)).toMatchObject({ nodeId: "gate", status: "canceled" });
    await verifyRunReceipt(r2, await platformJwks());

    const done = await start(hello, { name: "Ada" });
    await waitForRun(done.id, "succeeded");
    const rerun = await call(rerunRoute, "/x", { method: "POST", headers: hdr(), body: { fromNodeId: "output" }, params: { id: done.id } });
    expect(rerun.status).toBe(201);
    await waitForRun(rerun.json.id, "succeeded");
    const r3 = await receiptOf(rerun.json.id);
    expect(r3.chain.steps.some((s) => s.status === "reused")).toBe(true);
    await verifyRunReceipt(r3, await platformJwks());
  });

  it("one byte of a stored step changed through a raw connection: verification fails at exactly that step", async () => {
    const run = await start(hello, { name: "Ada" });
    await waitForRun(run.id, "succeeded");
    const before = await receiptOf(run.id);
    await verifyRunReceipt(before, await platformJwks());
    const target = before.chain.steps[1];
    expect(JSON.stringify(target.output)).toContain("Ada");
    const changed = await raw.query(`UPDATE "RunStep" SET output = replace(output::text, 'Ada', 'Adb')::jsonb WHERE "runId" = $1 AND seq = $2`, [run.id, target.seq]);
    expect(changed.rowCount).toBe(1);

    const err = await failure(verifyRunReceipt(await receiptOf(run.id), await platformJwks()));
    expect(err).toMatchObject({ code: "step_tampered", seq: target.seq });
    expect(err.message).toContain(`seq ${target.seq}`);

    // Restored, it verifies again; a changed cost or hash column fails at its own step.
    await raw.query(`UPDATE "RunStep" SET output = replace(output::text, 'Adb', 'Ada')::jsonb WHERE "runId" = $1 AND seq = $2`, [run.id, target.seq]);
    await verifyRunReceipt(await receiptOf(run.id), await platformJwks());
    const last = before.chain.steps.at(-1)!;
    await raw.query(`UPDATE "RunStep" SET cost = cost + 1 WHERE "runId" = $1 AND seq = $2`, [run.id, last.seq]);
    expect(await failure(verifyRunReceipt(await receiptOf(run.id), await platformJwks()))).toMatchObject({ code: "step_tampered", seq: last.seq });
    await raw.query(`UPDATE "RunStep" SET cost = cost - 1 WHERE "runId" = $1 AND seq = $2`, [run.id, last.seq]);
    await raw.query(`DELETE FROM "RunStep" WHERE "runId" = $1 AND seq = $2`, [run.id, target.seq]);
    expect(await failure(verifyRunReceipt(await receiptOf(run.id), await platformJwks()))).toMatchObject({ code: "broken_link", seq: target.seq + 1 });
  });

  it("a write after a tampered step does not launder it: canceling re-hashes no row that had stopped matching", async () => {
    const run = await start(gated, { n: 10 });
    await waitForRun(run.id, "waiting_approval");
    const gate = (await receiptOf(run.id)).chain.steps.find((s) => s.nodeId === "gate")!;
    await raw.query(`UPDATE "RunStep" SET input = jsonb_set(input, '{message}', '"Ship 11?"') WHERE "runId" = $1 AND seq = $2`, [run.id, gate.seq]);
    expect((await call(cancelRoute, "/x", { method: "POST", headers: hdr(), body: {}, params: { id: run.id } })).status).toBe(200);
    const after = await receiptOf(run.id);
    expect(after.chain.steps.at(-1)).toMatchObject({ nodeId: "gate", status: "canceled", input: { message: "Ship 11?" } });
    expect(await failure(verifyRunReceipt(after, await platformJwks()))).toMatchObject({ code: "step_tampered", seq: gate.seq });
  });

  it("a tampered JWS, another key's JWS, a shortened chain and another run's signature fail", async () => {
    const run = await start(hello, { name: "Ada" });
    await waitForRun(run.id, "succeeded");
    const receipt = await receiptOf(run.id);
    const jwks = await platformJwks();
    const [h, p, s] = receipt.jws.split(".");
    const flipped = `${h}.${p}.${s.slice(0, 10)}${s[10] === "A" ? "B" : "A"}${s.slice(11)}`;
    expect(await failure(verifyRunReceipt({ ...receipt, jws: flipped }, jwks))).toMatchObject({ code: "bad_signature" });
    const payload = JSON.parse(Buffer.from(p, "base64url").toString());
    const forgedPayload = Buffer.from(JSON.stringify({ ...payload, stepCount: 99 })).toString("base64url");
    expect(await failure(verifyRunReceipt({ ...receipt, jws: `${h}.${forgedPayload}.${s}` }, jwks))).toMatchObject({ code: "bad_signature" });

    const { privateKey, publicKey } = await generateKeyPair("EdDSA", { crv: "Ed25519" });
    const mine = await new CompactSign(new TextEncoder().encode(JSON.stringify(payload))).setProtectedHeader({ alg: "EdDSA", kid: jwks.keys[0].kid, typ: "agentruntime-run-receipt+jws" }).sign(privateKey);
    expect(await failure(verifyRunReceipt({ ...receipt, jws: mine }, jwks))).toMatchObject({ code: "bad_signature" });
    // ...which verifies with its own key, so the check above is the key's, not the format's.
    await verifyRunReceipt({ ...receipt, jws: mine }, { keys: [{ ...(await exportJWK(publicKey)), kid: jwks.keys[0].kid }] });

    expect(await failure(verifyRunReceipt({ ...receipt, chain: { ...receipt.chain, steps: receipt.chain.steps.slice(0, -1) } }, jwks))).toMatchObject({ code: "count_mismatch" });
    const other = await start(hello, { name: "Bob" });
    await waitForRun(other.id, "succeeded");
    expect(await failure(verifyRunReceipt({ ...receipt, jws: (await receiptOf(other.id)).jws }, jwks))).toMatchObject({ code: "wrong_run" });
  });
});

describe("GET /v1/runs/{id}/receipt", () => {
  it("200 for a project viewer; the JWKS at /.well-known/agentruntime-keys.json verifies it", async () => {
    const run = await start(hello, { name: "Ada" });
    await waitForRun(run.id, "succeeded");
    const receipt = await receiptOf(run.id, viewer);
    expect(receipt.run).toMatchObject({ id: run.id, status: "succeeded" });
    expect(receipt.keys).toMatch(/\/\.well-known\/agentruntime-keys\.json$/);
    const keys = await keysRoute();
    expect(keys.status).toBe(200);
    const jwks = (await keys.json()) as { keys: Array<Record<string, unknown>> };
    expect(jwks.keys).toHaveLength(1);
    expect(jwks.keys[0]).toMatchObject({ kty: "OKP", crv: "Ed25519", alg: "EdDSA", use: "sig" });
    expect(jwks.keys[0]).not.toHaveProperty("d");
    await verifyRunReceipt(receipt, jwks as never);
  });

  it("401 without credentials, 403 for a token without workflow:read, 404 for another tenant's run", async () => {
    const run = await start(hello, { name: "Ada" });
    expect((await call(receiptRoute, "/x", { headers: { "x-project-id": t.project.slug }, params: { id: run.id } })).status).toBe(401);
    const token = await asToken(t.owner, t.workspace.id, { scopes: ["workflow:run"] });
    expect((await call(receiptRoute, "/x", { headers: { ...token, "x-project-id": t.project.slug }, params: { id: run.id } })).status).toBe(403);
    const theirs = await start((await createTestWorkflow({ workspaceId: foreign.workspace.id, projectId: foreign.project.id })).workflow.id, { name: "Eve" }, foreign);
    const res = await call(receiptRoute, "/x", { headers: hdr(), params: { id: theirs.id } });
    expect(res.status).toBe(404);
    expect(res.json.error.code).toBe("not_found");
    expect((await call(receiptRoute, "/x", { headers: hdr(), params: { id: "run_doesnotexist" } })).json).toMatchObject({ error: { code: "not_found", message: res.json.error.message } });
  });
});
