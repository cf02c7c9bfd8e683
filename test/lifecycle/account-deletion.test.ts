// Account deletion (issue 15 §2): grace, the sole-owner rule, tokens dying at once, tombstones.
import { describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { recordAudit } from "@/lib/audit/record";
import { DELETE as deleteMe, GET as getMe } from "@/app/v1/me/route";
import { POST as cancelRoute } from "@/app/v1/me/deletion/cancel/route";
import { GET as deletionRoute } from "@/app/v1/me/deletion/route";
import { GET as auditRoute } from "@/app/v1/audit/route";
import { purgeAccount } from "@/lib/lifecycle/account/purge-account";
import { as, call, tokenHeaders } from "@/test/support/http";
import { tenant } from "@/test/support/world";
import { createTestToken } from "@/test/factories/tokens";
import { shortGraceWindow, sleep } from "./helpers";

shortGraceWindow();

describe("DELETE /v1/me", () => {
  it("409 for the owner of a workspace, with what to do; 403 with a token; 401 without credentials", async () => {
    const t = await tenant({ staff: false, token: true });
    const res = await call(deleteMe, "/v1/me", { method: "DELETE", headers: { cookie: t.owner.cookie } });
    expect(res.status).toBe(409);
    expect(res.json.error.message).toContain(t.slug);
    expect(res.json.error.message).toMatch(/transfer ownership .* or delete the workspace first/);
    expect((await call(deleteMe, "/", { method: "DELETE", headers: tokenHeaders(t.token.token) })).status).toBe(403);
    expect((await call(deleteMe, "/", { method: "DELETE" })).status).toBe(401);
    expect(await db.user.findUniqueOrThrow({ where: { id: t.owner.id } })).toMatchObject({ deletionScheduledFor: null });
  });

  it("schedules the deletion, kills personal tokens at once, cancel keeps the account; 409 when none is pending", async () => {
    const t = await tenant({ staff: true });
    const pat = await createTestToken({ userId: t.member.id, workspaceId: t.workspace.id });
    expect((await call(getMe, "/", { headers: tokenHeaders(pat.token) })).status).toBe(200);
    const res = await call(deleteMe, "/", { method: "DELETE", headers: { cookie: t.member.cookie } });
    expect(res.status).toBe(202);
    expect(res.json).toMatchObject({ status: "scheduled", secondsLeft: expect.any(Number) });
    expect((await call(getMe, "/", { headers: tokenHeaders(pat.token) })).status).toBe(401);
    expect((await call(deletionRoute, "/", { headers: { cookie: t.member.cookie } })).json.status).toBe("scheduled");
    const canceled = await call(cancelRoute, "/", { method: "POST", headers: { cookie: t.member.cookie } });
    expect(canceled.status).toBe(200);
    expect(canceled.json.status).toBe("none");
    expect((await call(cancelRoute, "/", { method: "POST", headers: { cookie: t.member.cookie } })).status).toBe(409);
    await sleep(1100);
    expect(await purgeAccount(t.member.id)).toBe("none");
    expect(await db.user.count({ where: { id: t.member.id } })).toBe(1);
    // Revoked tokens stay revoked.
    expect((await call(getMe, "/", { headers: tokenHeaders(pat.token) })).status).toBe(401);
  });

  it("after the window: the user is gone, authored rows keep a tombstone, the audit log shows \"deleted user\"", async () => {
    const t = await tenant({ staff: true, workflow: { createdByOwner: false } });
    await db.workflow.update({ where: { id: t.workflow.id }, data: { createdById: t.admin.id } });
    await recordAudit({ workspaceId: t.workspace.id, actor: { type: "user", userId: t.admin.id }, action: "workflow.create" });
    expect((await call(deleteMe, "/", { method: "DELETE", headers: { cookie: t.admin.cookie } })).status).toBe(202);
    expect(await purgeAccount(t.admin.id)).toBe("not_due");
    await sleep(1100);
    expect(await purgeAccount(t.admin.id)).toBe("deleted");
    expect(await db.user.count({ where: { id: t.admin.id } })).toBe(0);
    expect(await db.workspaceMember.count({ where: { userId: t.admin.id } })).toBe(0);
    expect(await db.workflow.findUniqueOrThrow({ where: { id: t.workflow.id } })).toMatchObject({ createdById: null });
    const audit = await call(auditRoute, "/v1/audit?action=workflow.create", { headers: as(t.owner, t.slug) });
    expect(audit.json.data[0].actor).toEqual({ type: "user", id: t.admin.id, label: "deleted user", name: "deleted user" });
    // Sessions died with the account.
    expect((await call(getMe, "/", { headers: { cookie: t.admin.cookie } })).status).toBe(401);
  });

  it("an owner whose workspace is pending deletion may delete their account", async () => {
    process.env.WORKSPACE_DELETION_GRACE_SECONDS = "3600";
    try {
      const t = await tenant({ staff: false });
      const { DELETE: deleteWs } = await import("@/app/v1/workspaces/current/route");
      expect((await call(deleteWs, "/", { method: "DELETE", headers: as(t.owner, t.slug) })).status).toBe(202);
      expect((await call(deleteMe, "/", { method: "DELETE", headers: { cookie: t.owner.cookie } })).status).toBe(202);
    } finally {
      process.env.WORKSPACE_DELETION_GRACE_SECONDS = "1";
    }
  });
});
