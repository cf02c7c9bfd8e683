// Approvals API on gates set up the way the engine leaves them (run waiting_approval, step
// waiting_approval, Approval pending): list/get, who may decide (role ≥ approverRole, no
// self-approval unless allowed), exactly one decision, reject → failed, expiry → failed.
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { newId } from "@/lib/core/ids";
import { startRun } from "@/lib/runs/start-run";
import { expireApprovals } from "@/lib/approvals/expire-approvals";
import { GET as listRoute } from "@/app/v1/approvals/route";
import { GET as getRoute } from "@/app/v1/approvals/[id]/route";
import { POST as approveRoute } from "@/app/v1/approvals/[id]/approve/route";
import { POST as rejectRoute } from "@/app/v1/approvals/[id]/reject/route";
import { createTestToken } from "@/test/factories/tokens";
import { createTestWorkflow, GATE_GRAPH } from "@/test/factories/workflows";
import { asToken, call, inProject } from "@/test/support/http";
import { joinAs, lastAudit, tenant, type Person, type Tenant } from "@/test/support/world";


let t: Tenant;
let foreign: Tenant;
let wfId: string;
let contributor: Person;
let viewer: Person;
let admin2: Person;

type Gate = { approverRole?: string; allowSelfApproval?: boolean; expiresAt?: Date; startedBy?: Person | null; tenant?: Tenant; tokenId?: string };

/** A run paused at its gate, exactly as the engine leaves it. */
async function gate(opts: Gate = {}) {
  const tt = opts.tenant ?? t;
  const workflowId = tt === t ? wfId : (await createTestWorkflow({ workspaceId: tt.workspace.id, projectId: tt.project.id, graph: GATE_GRAPH })).workflow.id;
  const starter = opts.startedBy === undefined ? tt.owner : opts.startedBy;
  const run = await startRun({ workspaceId: tt.workspace.id, projectId: tt.project.id, workflowId, input: {}, trigger: "console", startedById: starter?.id ?? null, startedByTokenId: opts.tokenId ?? null });
  const base = { workspaceId: tt.workspace.id, projectId: tt.project.id, runId: run.id };
  const approval = await db.$transaction(async (tx) => {
    await tx.run.update({ where: { id: run.id }, data: { status: "waiting_approval", startedAt: new Date() } });
    await tx.runStep.create({ data: { ...base, id: newId("runStep"), nodeId: "trigger", nodeType: "trigger", seq: 1, status: "succeeded", output: {} } });
    await tx.runStep.create({ data: { ...base, id: newId("runStep"), nodeId: "gate", nodeType: "approval", seq: 2, status: "waiting_approval" } });
    return tx.approval.create({
      data: {
        ...base,
        id: newId("approval"),
        nodeId: "gate",
        message: "Ship it?",
        approverRole: opts.approverRole ?? "project_admin",
        allowSelfApproval: opts.allowSelfApproval ?? false,
        requestedById: starter?.id ?? null,
        expiresAt: opts.expiresAt ?? new Date(Date.now() + 3600_000),
      },
    });
  });
  return { run, approval };
}

const headersOf = (p: Person, tt: Tenant = t) => (inProject(p, tt.slug, tt.project.slug));
const decide = (route: typeof approveRoute, id: string, p: Person, body: unknown = {}, tt: Tenant = t) =>
  call(route, `/v1/approvals/${id}/x`, { method: "POST", headers: headersOf(p, tt), body, params: { id } });

beforeAll(async () => {
  [t, foreign] = await Promise.all([tenant({ credits: 1_000_000_000n }), tenant({ credits: true })]);
  wfId = (await createTestWorkflow({ workspaceId: t.workspace.id, projectId: t.project.id, graph: GATE_GRAPH })).workflow.id;
  contributor = await joinAs(t, "member", { projectId: t.project.id, role: "project_contributor" });
  viewer = await joinAs(t, "member", { projectId: t.project.id, role: "project_viewer" });
  admin2 = await joinAs(t, "tenant_admin");
});

describe("POST /v1/approvals/{id}/approve", () => {
  it("200: approved by another admin; the run is queued again with approval.decided + run.resumed; audited with the comment", async () => {
    const { run, approval } = await gate();
    const res = await decide(approveRoute, approval.id, t.admin, { comment: "looks good" });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ id: approval.id, status: "approved", comment: "looks good", decidedBy: { id: t.admin.id, email: t.admin.email }, runStatus: "queued" });
    const events = await db.runEvent.findMany({ where: { runId: run.id }, orderBy: { seq: "asc" } });
    expect(events.map((e) => e.type)).toEqual(["run.queued", "approval.decided", "run.resumed"]);
    expect(events[1]).toMatchObject({ nodeId: "gate", data: { decision: "approved", decidedById: t.admin.id, comment: "looks good" } });
    const audit = await lastAudit(t.workspace.id, "approval.approved");
    expect(audit).toMatchObject({ targetId: approval.id, actorId: t.admin.id, after: { status: "approved", comment: "looks good" } });
  });

  it("403 self_approval for the run's starter unless the gate allows it", async () => {
    const refused = await gate();
    const res = await decide(approveRoute, refused.approval.id, t.owner);
    expect(res.status).toBe(403);
    expect(res.json.error.message).toMatch(/self-approval/i);
    expect((await db.approval.findUniqueOrThrow({ where: { id: refused.approval.id } })).status).toBe("pending");
    const allowed = await gate({ allowSelfApproval: true });
    expect((await decide(approveRoute, allowed.approval.id, t.owner)).status).toBe(200);
  });

  it("403 self_approval also for the owner of the token that started the run", async () => {
    const { row } = await createTestToken({ userId: t.admin.id, workspaceId: t.workspace.id });
    const { approval } = await gate({ startedBy: null, tokenId: row.id });
    expect((await decide(approveRoute, approval.id, t.admin)).status).toBe(403);
    expect((await decide(approveRoute, approval.id, t.owner)).status).toBe(200);
  });

  it("403 when the caller's project role is below the gate's approverRole; a contributor may decide a contributor gate", async () => {
    const adminGate = await gate();
    const res = await decide(approveRoute, adminGate.approval.id, contributor);
    expect(res.status).toBe(403);
    expect(res.json.error.message).toMatch(/project_admin/);
    const contribGate = await gate({ approverRole: "project_contributor" });
    expect((await decide(approveRoute, contribGate.approval.id, contributor)).status).toBe(200);
    // A viewer lacks approval.decide altogether.
    expect((await decide(approveRoute, (await gate({ approverRole: "project_contributor" })).approval.id, viewer)).status).toBe(403);
  });

  it("two concurrent decisions: exactly one wins, the other gets 409", async () => {
    const { run, approval } = await gate();
    const results = await Promise.all([decide(approveRoute, approval.id, t.admin), decide(rejectRoute, approval.id, admin2)]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
    const events = await db.runEvent.findMany({ where: { runId: run.id, type: "approval.decided" } });
    expect(events).toHaveLength(1);
    expect(await db.auditLog.count({ where: { targetId: approval.id, action: { in: ["approval.approved", "approval.rejected"] } } })).toBe(1);
  });

  it("409 once decided; 409 and expiry (run failed approval_expired) past the deadline", async () => {
    const { approval } = await gate();
    expect((await decide(approveRoute, approval.id, t.admin)).status).toBe(200);
    const again = await decide(rejectRoute, approval.id, t.admin);
    expect(again.status).toBe(409);
    expect(again.json.error.message).toMatch(/already approved/);

    const late = await gate({ expiresAt: new Date(Date.now() - 1000) });
    const res = await decide(approveRoute, late.approval.id, t.admin);
    expect(res.status).toBe(409);
    expect(res.json.error.message).toMatch(/expired/);
    const run = await db.run.findUniqueOrThrow({ where: { id: late.run.id } });
    expect(run).toMatchObject({ status: "failed", error: { code: "approval_expired", nodeId: "gate" } });
    expect((await db.approval.findUniqueOrThrow({ where: { id: late.approval.id } })).status).toBe("expired");
  });

  it("401, 404 for another tenant's approval (row unchanged), 422 for a bad body", async () => {
    const { approval } = await gate({ tenant: foreign });
    expect((await call(approveRoute, "/x", { method: "POST", headers: { "x-project-id": t.project.slug }, body: {}, params: { id: approval.id } })).status).toBe(401);
    const res = await decide(approveRoute, approval.id, t.owner);
    expect(res.status).toBe(404);
    expect((await db.approval.findUniqueOrThrow({ where: { id: approval.id } })).status).toBe("pending");
    const mine = await gate();
    expect((await decide(approveRoute, mine.approval.id, t.admin, { comment: "x".repeat(2001) })).status).toBe(422);
    expect((await decide(approveRoute, mine.approval.id, t.admin, { comment: "ok", status: "approved" })).status).toBe(422);
  });
});

describe("POST /v1/approvals/{id}/reject", () => {
  it("200: the step and the run fail with approval_rejected, the hold is released, audited", async () => {
    const { run, approval } = await gate();
    const res = await decide(rejectRoute, approval.id, t.admin, { comment: "not today" });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ status: "rejected", comment: "not today", runStatus: "failed" });
    const row = await db.run.findUniqueOrThrow({ where: { id: run.id } });
    expect(row).toMatchObject({ status: "failed", creditHold: 0n, error: { code: "approval_rejected", nodeId: "gate" } });
    expect(await db.runStep.findFirstOrThrow({ where: { runId: run.id, nodeId: "gate" } })).toMatchObject({ status: "failed", error: { code: "approval_rejected" } });
    const types = (await db.runEvent.findMany({ where: { runId: run.id }, orderBy: { seq: "asc" } })).map((e) => e.type);
    expect(types).toEqual(["run.queued", "approval.decided", "step.failed", "run.failed"]);
    expect(await lastAudit(t.workspace.id, "approval.rejected")).toMatchObject({ targetId: approval.id, after: { comment: "not today" } });
  });
});

describe("expireApprovals", () => {
  it("expires every pending approval past its deadline and fails its run, audited as the system", async () => {
    const due = [await gate({ expiresAt: new Date(Date.now() - 5000) }), await gate({ expiresAt: new Date(Date.now() - 1000) })];
    const notDue = await gate();
    expect(await expireApprovals()).toBeGreaterThanOrEqual(2);
    for (const g of due) {
      expect((await db.approval.findUniqueOrThrow({ where: { id: g.approval.id } })).status).toBe("expired");
      const types = (await db.runEvent.findMany({ where: { runId: g.run.id }, orderBy: { seq: "asc" } })).map((e) => e.type);
      expect(types).toEqual(["run.queued", "approval.expired", "step.failed", "run.failed"]);
      expect(await db.auditLog.findFirst({ where: { targetId: g.approval.id, action: "approval.expired" } })).toMatchObject({ actorType: "system" });
    }
    expect((await db.approval.findUniqueOrThrow({ where: { id: notDue.approval.id } })).status).toBe("pending");
    expect(await expireApprovals()).toBe(0);
  });
});

describe("GET /v1/approvals and /v1/approvals/{id}", () => {
  it("200: pending by default, status=all, runId filter; another tenant's never listed, 404 by id", async () => {
    const pending = await gate();
    const decided = await gate();
    await decide(approveRoute, decided.approval.id, t.admin);
    const theirs = await gate({ tenant: foreign });
    const list = (query: Record<string, string> = {}) => call(listRoute, "/v1/approvals", { headers: headersOf(t.owner), query: { limit: "200", ...query } });
    const ids = (r: { json: { data: Array<{ id: string }> } }) => r.json.data.map((a) => a.id);
    const inbox = await list();
    expect(inbox.status).toBe(200);
    expect(ids(inbox)).toContain(pending.approval.id);
    expect(ids(inbox)).not.toContain(decided.approval.id);
    expect(ids(inbox)).not.toContain(theirs.approval.id);
    expect(ids(await list({ status: "all" }))).toContain(decided.approval.id);
    expect(ids(await list({ status: "all", runId: decided.run.id }))).toEqual([decided.approval.id]);
    const one = await call(getRoute, "/x", { headers: headersOf(viewer), params: { id: pending.approval.id } });
    expect(one.status).toBe(200);
    expect(one.json).toMatchObject({ id: pending.approval.id, status: "pending", message: "Ship it?", approverRole: "project_admin", workflow: { id: wfId } });
    expect((await call(getRoute, "/x", { headers: headersOf(t.owner), params: { id: theirs.approval.id } })).status).toBe(404);
  });

  it("401, 403 for a token without workflow:read, 422 for a bad status", async () => {
    expect((await call(listRoute, "/v1/approvals", { headers: { "x-project-id": t.project.slug } })).status).toBe(401);
    const token = await asToken(t.owner, t.workspace.id, { scopes: ["workflow:run"] });
    expect((await call(listRoute, "/v1/approvals", { headers: { ...token, "x-project-id": t.project.slug } })).status).toBe(403);
    expect((await call(listRoute, "/v1/approvals", { headers: headersOf(t.owner), query: { status: "maybe" } })).status).toBe(422);
  });
});
