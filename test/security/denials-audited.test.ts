// "Denials are audited" (RELIABILITY.md), by one mechanism: whatever raised the 403 — the
// permission table, a domain rule, the same-origin check, a route's own refusal — the route
// wrapper writes exactly one authz.denied row for the request (lib/api/audit-denial.ts).
// Also: an approval that can no longer be decided is a 409, not a self-approval denial.
import { beforeAll, describe, expect, it } from "vitest";
import { POST as approveRoute } from "@/app/v1/approvals/[id]/approve/route";
import { POST as signinRoute } from "@/app/v1/auth/signin/route";
import { POST as leaveRoute } from "@/app/v1/members/leave/route";
import { POST as changePasswordRoute } from "@/app/v1/me/password/route";
import { POST as createProjectRoute } from "@/app/v1/projects/route";
import { POST as createWorkspaceRoute } from "@/app/v1/workspaces/route";
import { db } from "@/lib/db/client";
import { newId } from "@/lib/core/ids";
import { startRun } from "@/lib/runs/start-run";
import { grantTestCredits } from "@/test/factories/billing";
import { createTestWorkflow, GATE_GRAPH } from "@/test/factories/workflows";
import { as, asToken, call, inProject } from "@/test/support/http";
import { tenant, type Person, type Tenant } from "@/test/support/world";


let t: Tenant;
let workflowId: string;

beforeAll(async () => {
  t = await tenant();
  await grantTestCredits(t.workspace.id, 1_000_000_000n);
  workflowId = (await createTestWorkflow({ workspaceId: t.workspace.id, projectId: t.project.id, graph: GATE_GRAPH })).workflow.id;
});

/** A run started by `starter`, paused at its gate as the engine leaves it (self-approval off). */
async function gate(starter: Person, expiresAt = new Date(Date.now() + 3600_000)) {
  const run = await startRun({ workspaceId: t.workspace.id, projectId: t.project.id, workflowId, input: {}, trigger: "console", startedById: starter.id, startedByTokenId: null });
  const base = { workspaceId: t.workspace.id, projectId: t.project.id, runId: run.id };
  return db.$transaction(async (tx) => {
    await tx.run.update({ where: { id: run.id }, data: { status: "waiting_approval", startedAt: new Date() } });
    await tx.runStep.create({ data: { ...base, id: newId("runStep"), nodeId: "gate", nodeType: "approval", seq: 1, status: "waiting_approval" } });
    return tx.approval.create({
      data: { ...base, id: newId("approval"), nodeId: "gate", message: "Ship it?", approverRole: "project_admin", allowSelfApproval: false, requestedById: starter.id, expiresAt },
    });
  });
}

const approve = (id: string, p: Person) =>
  call(approveRoute, `/v1/approvals/${id}/approve`, { method: "POST", headers: inProject(p, t.slug, t.project.slug), body: {}, params: { id } });

/** The audit rows written for one request (by its X-Request-Id). */
const auditOf = (res: { headers: Headers }) => db.auditLog.findMany({ where: { requestId: res.headers.get("x-request-id")! } });

async function expectOneDenial(res: { status: number; headers: Headers }, expected: Record<string, unknown>, metadata: Record<string, unknown>) {
  expect(res.status).toBe(403);
  const rows = await auditOf(res);
  expect(rows).toHaveLength(1);
  expect(rows[0]).toMatchObject({ action: "authz.denied", ...expected });
  expect(rows[0].metadata).toMatchObject(metadata);
}

describe("every 403 writes exactly one authz.denied row", () => {
  it("the permission table (a member creating a project): actor, workspace, attempted action", async () => {
    const res = await call(createProjectRoute, "/v1/projects", { method: "POST", headers: as(t.member, t.slug), body: { slug: "nope", name: "Nope" } });
    await expectOneDenial(res, { actorType: "user", actorId: t.member.id, workspaceId: t.workspace.id }, { attempted: "project.create", reason: "forbidden", method: "POST", path: "/v1/projects" });
  });

  it("self-approval: actor, workspace, project, the route's action and the rule", async () => {
    const approval = await gate(t.owner);
    const res = await approve(approval.id, t.owner);
    await expectOneDenial(
      res,
      { actorType: "user", actorId: t.owner.id, workspaceId: t.workspace.id, projectId: t.project.id },
      { attempted: "approval.decide", reason: "self_approval" },
    );
    expect((await db.approval.findUniqueOrThrow({ where: { id: approval.id } })).status).toBe("pending");
  });

  it("a cross-origin write with a session cookie", async () => {
    const res = await call(createProjectRoute, "/v1/projects", { method: "POST", headers: { ...as(t.owner, t.slug), origin: "https://evil.example" }, body: { slug: "x-origin", name: "X" } });
    await expectOneDenial(res, { actorType: "user", actorId: t.owner.id }, { reason: "cross_origin", attempted: "project.create" });
  });

  it("a cross-origin sign-in, before anyone is known: an anonymous actor with the IP", async () => {
    const res = await call(signinRoute, "/v1/auth/signin", { method: "POST", headers: { origin: "https://evil.example", "x-forwarded-for": "203.0.113.9" }, body: { email: "a@example.com", password: "x" } });
    expect(res.status).toBe(403);
    const [row] = await auditOf(res);
    expect(row).toMatchObject({ action: "authz.denied", actorType: "anonymous", workspaceId: null });
    expect(row.ip).toBeTruthy();
    expect(row.metadata).toMatchObject({ reason: "cross_origin", attempted: "POST /v1/auth/signin" });
  });

  it("an API token creating a workspace", async () => {
    const res = await call(createWorkspaceRoute, "/v1/workspaces", { method: "POST", headers: await asToken(t.owner, t.workspace.id), body: { slug: "by-token", name: "By token" } });
    await expectOneDenial(res, { actorType: "token" }, { attempted: "workspace.create", reason: "forbidden" });
  });

  it("a route's own refusal (a token changing the password)", async () => {
    const res = await call(changePasswordRoute, "/v1/me/password", { method: "POST", headers: await asToken(t.member, t.workspace.id), body: {} });
    await expectOneDenial(res, { actorType: "token", metadata: expect.objectContaining({ onBehalfOfUserId: t.member.id }) }, { attempted: "POST /v1/me/password" });
  });

  it("a domain rule raised inside a transaction (the owner leaving): the row survives the rollback", async () => {
    const res = await call(leaveRoute, "/v1/members/leave", { method: "POST", headers: as(t.owner, t.slug) });
    await expectOneDenial(res, { actorId: t.owner.id, workspaceId: t.workspace.id }, { attempted: "workspace.read", message: "The owner cannot leave; transfer ownership first" });
  });
});

describe("an approval that can no longer be decided is a 409, even for its own starter", () => {
  it("expired, self-approval off → 409 (not 403 self_approval); the approval expires and its run fails; no denial audited", async () => {
    const approval = await gate(t.owner, new Date(Date.now() - 1000));
    const res = await approve(approval.id, t.owner);
    expect(res.status).toBe(409);
    expect(res.json.error).toMatchObject({ code: "conflict", message: "This approval has expired; its run failed" });
    expect((await auditOf(res)).filter((r) => r.action === "authz.denied")).toEqual([]);
    expect((await db.approval.findUniqueOrThrow({ where: { id: approval.id } })).status).toBe("expired");
    expect((await db.run.findUniqueOrThrow({ where: { id: approval.runId } })).status).toBe("failed");
  });

  it("already decided by someone else → 409 for the starter too", async () => {
    const approval = await gate(t.owner);
    expect((await approve(approval.id, t.admin)).status).toBe(200);
    const res = await approve(approval.id, t.owner);
    expect(res.status).toBe(409);
    expect(res.json.error.message).toBe("This approval is already approved");
  });
});
