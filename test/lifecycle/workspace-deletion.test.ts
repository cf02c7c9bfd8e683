// Workspace deletion (issue 15 §1): the grace window and its refusals, cancel, the purge with
// row counts for every table, crypto-shredding, a crash midway, and the signed certificate.
import { afterEach, describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { DELETE as deleteRoute, GET as currentRoute } from "@/app/v1/workspaces/current/route";
import { GET as deletionRoute } from "@/app/v1/workspaces/current/deletion/route";
import { POST as cancelRoute } from "@/app/v1/workspaces/current/deletion/cancel/route";
import { GET as certificatesRoute } from "@/app/v1/me/deletion-certificates/route";
import { POST as startRoute } from "@/app/v1/workflows/[id]/runs/route";
import { purgeHooks, purgeWorkspace } from "@/lib/lifecycle/purge-workspace";
import { verifyDeletionCertificate } from "@/lib/lifecycle/certificate";
import { PURGE_EXEMPT, PURGE_TABLES } from "@/lib/lifecycle/purge-tables";
import { as, call, inProject, tokenHeaders } from "@/test/support/http";
import { tenant } from "@/test/support/world";
import { exportWorld } from "@/test/factories/export-world";
import { createTestAgent } from "@/test/factories/agents";
import { createTestToken } from "@/test/factories/tokens";
import { startTestGateway } from "@/test/support/gateway";
import { deliver, inboundWorld, uniqueKey } from "@/test/webhooks/inbound-helpers";
import { ciphertextsOf, decryptable, mailsTo, rowCounts, shortGraceWindow, sleep, workspaceTables } from "./helpers";

shortGraceWindow();
afterEach(() => {
  purgeHooks.afterTable = undefined;
});

/** Requests the deletion as the owner and waits out the (1 s) grace window. */
async function deleteAndWait(t: { owner: { cookie: string }; slug: string }) {
  const res = await call(deleteRoute, "/v1/workspaces/current", { method: "DELETE", headers: as(t.owner as never, t.slug) });
  expect(res.status).toBe(202);
  await sleep(1100);
  return res.json.id as string;
}

describe("DELETE /v1/workspaces/current: grace and cancel", () => {
  it("owner only; schedules after the window; repeats return it; members mailed; cancel restores; 409 when nothing is pending", async () => {
    process.env.WORKSPACE_DELETION_GRACE_SECONDS = "3600";
    try {
      const t = await tenant({ token: true });
      expect((await call(deleteRoute, "/", { method: "DELETE", headers: as(t.admin, t.slug) })).status).toBe(403);
      const res = await call(deleteRoute, "/", { method: "DELETE", headers: as(t.owner, t.slug) });
      expect(res.status).toBe(202);
      expect(res.json).toMatchObject({ status: "scheduled", secondsLeft: expect.any(Number) });
      expect(res.json.secondsLeft).toBeGreaterThan(3590);
      expect(new Date(res.json.scheduledFor).getTime() - new Date(res.json.requestedAt).getTime()).toBeGreaterThanOrEqual(3599_000);
      const again = await call(deleteRoute, "/", { method: "DELETE", headers: as(t.owner, t.slug) });
      expect(again.json.id).toBe(res.json.id);

      const shown = await call(deletionRoute, "/", { headers: as(t.member, t.slug) });
      expect(shown.json).toMatchObject({ id: res.json.id, status: "scheduled" });
      const ws = await call(currentRoute, "/", { headers: as(t.member, t.slug) });
      expect(ws.json.pendingDeletionUntil).toBe(res.json.scheduledFor);
      for (const p of [t.owner, t.admin, t.member]) expect((await mailsTo(p.email)).map((m) => m.subject)).toContain(`Workspace ${t.workspace.name} is scheduled for deletion`);
      // The token is refused during the window, even for cancel (a console session cancels).
      const byToken = await call(currentRoute, "/", { headers: tokenHeaders(t.token.token) });
      expect(byToken.status).toBe(403);
      expect(byToken.json.error.code).toBe("workspace_pending_deletion");

      expect((await call(cancelRoute, "/", { method: "POST", headers: as(t.admin, t.slug) })).status).toBe(403);
      const canceled = await call(cancelRoute, "/", { method: "POST", headers: as(t.owner, t.slug) });
      expect(canceled.status).toBe(200);
      expect(canceled.json).toMatchObject({ id: res.json.id, status: "canceled" });
      expect((await call(cancelRoute, "/", { method: "POST", headers: as(t.owner, t.slug) })).status).toBe(409);
      expect((await call(deletionRoute, "/", { headers: as(t.owner, t.slug) })).status).toBe(404);
      expect((await call(currentRoute, "/", { headers: tokenHeaders(t.token.token) })).status).toBe(200);
      // A canceled deletion's job finds nothing to do.
      expect(await purgeWorkspace(res.json.id)).toBe("canceled");
      expect(await db.workspace.count({ where: { id: t.workspace.id } })).toBe(1);
      const actions = (await db.auditLog.findMany({ where: { workspaceId: t.workspace.id, action: { startsWith: "workspace.delete" } }, orderBy: { id: "asc" } })).map((a) => a.action);
      expect(actions).toEqual(["workspace.delete_requested", "workspace.delete_canceled"]);
    } finally {
      process.env.WORKSPACE_DELETION_GRACE_SECONDS = "1";
    }
  });

  it("not due before the window ends: the job waits, the workspace stays", async () => {
    process.env.WORKSPACE_DELETION_GRACE_SECONDS = "3600";
    try {
      const t = await tenant({ staff: false });
      const res = await call(deleteRoute, "/", { method: "DELETE", headers: as(t.owner, t.slug) });
      expect(await purgeWorkspace(res.json.id)).toBe("not_due");
      expect(await db.workspace.count({ where: { id: t.workspace.id } })).toBe(1);
    } finally {
      process.env.WORKSPACE_DELETION_GRACE_SECONDS = "1";
    }
  });
});

describe("refusals during the grace window", () => {
  it("run start (session and token), inbound delivery and gateway traffic are refused; after cancel they work", async () => {
    process.env.WORKSPACE_DELETION_GRACE_SECONDS = "3600";
    const gw = await startTestGateway();
    try {
      const { t, sub } = await inboundWorld();
      const pat = await createTestToken({ userId: t.owner.id, workspaceId: t.workspace.id });
      const { agent } = await createTestAgent({ workspaceId: t.workspace.id, projectId: t.project.id });
      const ingress = () => fetch(`${gw.url}/a/${agent.id}/chat`, { method: "POST", body: "{}" });
      expect((await ingress()).status).not.toBe(404);

      expect((await call(deleteRoute, "/", { method: "DELETE", headers: as(t.owner, t.slug) })).status).toBe(202);
      const started = await call(startRoute, "/", { method: "POST", headers: inProject(t.owner, t.slug), params: { id: t.workflow.id }, body: { input: { name: "x" } } });
      expect(started.status).toBe(403);
      expect(started.json.error.code).toBe("workspace_pending_deletion");
      const byToken = await call(startRoute, "/", { method: "POST", headers: tokenHeaders(pat.token, t.slug, "default"), params: { id: t.workflow.id }, body: { input: { name: "x" } } });
      expect(byToken.status).toBe(403);
      expect(byToken.json.error.code).toBe("workspace_pending_deletion");
      const delivered = await deliver(sub, '{"name":"Ada"}', { idempotencyKey: uniqueKey() });
      expect(delivered.status).toBe(403);
      expect(delivered.json.error.code).toBe("workspace_pending_deletion");
      expect(await db.run.count({ where: { workspaceId: t.workspace.id } })).toBe(0);
      // The gateway learns of the request at its commit (NOTIFY): ingress, the LLM endpoint and
      // the tool proxy all answer 403 workspace_pending_deletion.
      const pendingCode = async (res: Response) => (res.status === 403 ? ((await res.json()) as { error: { code: string } }).error.code : String(res.status));
      let code = "";
      for (let i = 0; i < 40 && code !== "workspace_pending_deletion"; i++) {
        code = await pendingCode(await ingress());
        if (code !== "workspace_pending_deletion") await sleep(50);
      }
      expect(code).toBe("workspace_pending_deletion");
      const agentToken = (await createTestAgent({ workspaceId: t.workspace.id, projectId: t.project.id })).token;
      const llm = await fetch(`${gw.url}/llm/v1/chat/completions`, { method: "POST", headers: { authorization: `Bearer ${agentToken}`, "content-type": "application/json" }, body: "{}" });
      expect(await pendingCode(llm)).toBe("workspace_pending_deletion");
      const tool = await fetch(`${gw.url}/t/anything/v1/x`, { headers: { authorization: `Bearer ${agentToken}` } });
      expect(await pendingCode(tool)).toBe("workspace_pending_deletion");

      expect((await call(cancelRoute, "/", { method: "POST", headers: as(t.owner, t.slug) })).status).toBe(200);
      const after = await call(startRoute, "/", { method: "POST", headers: inProject(t.owner, t.slug), params: { id: t.workflow.id }, body: { input: { name: "x" } } });
      expect(after.status).toBe(201);
      expect((await deliver(sub, '{"name":"Ada"}', { idempotencyKey: uniqueKey() })).status).toBe(202);
      // And the gateway takes the workspace's traffic again (the cancel notifies it).
      for (let i = 0; i < 40 && code === "workspace_pending_deletion"; i++) {
        code = await pendingCode(await ingress());
        if (code === "workspace_pending_deletion") await sleep(50);
      }
      expect(code).not.toBe("workspace_pending_deletion");
      expect(await pendingCode(await fetch(`${gw.url}/t/anything/v1/x`, { headers: { authorization: `Bearer ${agentToken}` } }))).toBe("404");
    } finally {
      process.env.WORKSPACE_DELETION_GRACE_SECONDS = "1";
      await gw.drain(500);
    }
  });
});

describe("the purge", () => {
  it("covers every table with a workspaceId column", async () => {
    const listed = new Set([...PURGE_TABLES.map((t) => t.table), ...Object.keys(PURGE_EXEMPT)]);
    expect((await workspaceTables()).filter((t) => !listed.has(t))).toEqual([]);
  });

  it("deletes every row of the workspace (counts before/after per table), shreds its key, leaves another workspace whole, and certifies it", async () => {
    const a = await exportWorld();
    const b = await exportWorld();
    const ws = a.t.workspace.id;
    const before = await rowCounts(ws);
    const otherBefore = await rowCounts(b.t.workspace.id);
    const mine = await ciphertextsOf(ws);
    const theirs = await ciphertextsOf(b.t.workspace.id);
    expect(mine.length).toBeGreaterThanOrEqual(5);
    expect(await decryptable(mine)).toBe(mine.length);
    const populated = Object.entries(before).filter(([, n]) => n > 0).map(([t]) => t);
    expect(populated.length).toBeGreaterThanOrEqual(30);
    const retentionBefore = await db.billingRetention.count({ where: { workspaceId: ws } });

    const id = await deleteAndWait(a.t);
    // Counted after the request: the request adds its own audit entry.
    const requested = await rowCounts(ws);
    expect(await purgeWorkspace(id)).toBe("completed");

    const after = await rowCounts(ws);
    expect(Object.entries(after).filter(([, n]) => n !== 0)).toEqual([]);
    expect(await rowCounts(b.t.workspace.id)).toEqual(otherBefore);
    expect(await db.workspaceKey.count({ where: { workspaceId: ws } })).toBe(0);
    // Shredding: 100 % of this workspace's ciphertexts fail, 0 % of the other's.
    expect(await decryptable(mine)).toBe(0);
    expect(await decryptable(theirs)).toBe(theirs.length);
    // Billing records the law may require, without tenant content.
    const retained = await db.billingRetention.findMany({ where: { workspaceId: ws } });
    expect(retained.length).toBeGreaterThan(retentionBefore);
    for (const r of retained) expect(Object.keys(r).sort()).toEqual(["amountCents", "amountMicros", "currency", "id", "kind", "occurredAt", "retainedAt", "stripeReference", "workspaceId"]);

    const row = await db.workspaceDeletion.findUniqueOrThrow({ where: { id } });
    expect(row.status).toBe("completed");
    const cert = await verifyDeletionCertificate(row.certificate!);
    for (const [table, n] of Object.entries(requested)) {
      if (table === "WorkspaceKey") continue;
      expect([table, cert.counts[table] ?? 0]).toEqual([table, n]);
    }
    expect(cert.counts.WorkspaceKey).toBe(1);
    expect(cert.shreddedKey.id).toMatch(/^wk_[0-9a-f]{32}$/);
    expect(cert).toMatchObject({ deletionId: id, workspace: { id: ws, slug: a.t.slug }, requestedAt: row.requestedAt.toISOString(), completedAt: row.completedAt!.toISOString() });
    expect(cert.totalRows).toBe(Object.values(cert.counts).reduce((x, y) => x + y, 0));
    // Mailed to the owner, and retrievable by them.
    expect((await mailsTo(a.t.owner.email)).some((m) => m.text.includes(row.certificate!))).toBe(true);
    const listed = await call(certificatesRoute, "/", { headers: { cookie: a.t.owner.cookie } });
    expect(listed.json.data).toEqual([expect.objectContaining({ id, certificate: row.certificate })]);
    expect((await call(certificatesRoute, "/", { headers: { cookie: b.t.owner.cookie } })).json.data).toEqual([]);
    // The job again: nothing more to do.
    expect(await purgeWorkspace(id)).toBe("already_completed");
  });

  it("a crash midway finishes on the next attempt, with exact counts", async () => {
    const a = await exportWorld();
    const ws = a.t.workspace.id;
    const id = await deleteAndWait(a.t);
    const before = await rowCounts(ws);
    let seen = 0;
    purgeHooks.afterTable = (table) => {
      if (++seen === 12) throw new Error(`crash after ${table}`);
    };
    await expect(purgeWorkspace(id)).rejects.toThrow(/crash after/);
    const midway = await rowCounts(ws);
    expect(midway.WorkspaceMember).toBe(0);
    expect(midway.Workspace).toBe(1);
    expect(midway.AuditLog).toBe(before.AuditLog);
    expect((await db.workspaceDeletion.findUniqueOrThrow({ where: { id } })).status).toBe("purging");
    // Once purging, it can no longer be canceled.
    expect((await call(cancelRoute, "/", { method: "POST", headers: as(a.t.owner, a.t.slug) })).status).toBe(404);

    purgeHooks.afterTable = undefined;
    expect(await purgeWorkspace(id)).toBe("completed");
    expect(Object.entries(await rowCounts(ws)).filter(([, n]) => n !== 0)).toEqual([]);
    const cert = await verifyDeletionCertificate((await db.workspaceDeletion.findUniqueOrThrow({ where: { id } })).certificate!);
    for (const [table, n] of Object.entries(before)) if (table !== "WorkspaceKey") expect([table, cert.counts[table] ?? 0]).toEqual([table, n]);
  });
});

describe("deletion certificates", () => {
  it("verify against the platform keys; any tampering fails", async () => {
    const t = await tenant({ staff: false, credits: true });
    const id = await deleteAndWait(t);
    await purgeWorkspace(id);
    const jws = (await db.workspaceDeletion.findUniqueOrThrow({ where: { id } })).certificate!;
    await expect(verifyDeletionCertificate(jws)).resolves.toMatchObject({ type: "agentruntime.workspace-deletion", deletionId: id });
    const [h, p, s] = jws.split(".");
    const payload = JSON.parse(Buffer.from(p, "base64url").toString());
    const forged = Buffer.from(JSON.stringify({ ...payload, counts: { ...payload.counts, AuditLog: 0 } })).toString("base64url");
    await expect(verifyDeletionCertificate(`${h}.${forged}.${s}`)).rejects.toThrow();
    const flipped = s[5] === "A" ? s.slice(0, 5) + "B" + s.slice(6) : s.slice(0, 5) + "A" + s.slice(6);
    await expect(verifyDeletionCertificate(`${h}.${p}.${flipped}`)).rejects.toThrow();
    await expect(verifyDeletionCertificate(`${h}.${p.slice(0, -2)}.${s}`)).rejects.toThrow();
  });
});
