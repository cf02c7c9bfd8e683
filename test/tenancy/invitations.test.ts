import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { listOutbox } from "@/lib/mail/outbox";
import { setLogSink } from "@/lib/core/logger";
import { hashInviteToken } from "@/lib/invitations/invite-token";
import { getInvitationPreview } from "@/lib/invitations/get-invitation-preview";
import { GET as listInvitations, POST as invite } from "@/app/v1/invitations/route";
import { DELETE as revokeInvitation } from "@/app/v1/invitations/[id]/route";
import { POST as accept } from "@/app/v1/invitations/accept/route";
import { GET as listProjects } from "@/app/v1/projects/route";
import { createTestDomain } from "@/test/factories/tenancy";
import { settleMail, startMailWorker } from "@/test/support/mail";
import { as, asToken, call } from "@/test/support/http";
import { lastAudit, person, tenant, type Tenant } from "@/test/support/world";

let outbox: string;
let mailWorker: Awaited<ReturnType<typeof startMailWorker>>;
const logs: string[] = [];
beforeAll(async () => {
  mailWorker = await startMailWorker();
  outbox = mkdtempSync(path.join(tmpdir(), "ar-invite-mail-"));
  process.env.MAIL_OUTBOX_DIR = outbox;
  process.env.APP_URL = "https://console.example.test";
  setLogSink((line) => logs.push(line));
});
afterAll(async () => {
  await mailWorker.stop();
  setLogSink(null);
  rmSync(outbox, { recursive: true, force: true });
});

const post = (headers: Record<string, string>, body: unknown) => call(invite, "/v1/invitations", { method: "POST", headers, body });
const acceptWith = (headers: Record<string, string>, token: string) => call(accept, "/v1/invitations/accept", { method: "POST", headers, body: { token } });
const tokenOf = (inviteUrl: string) => inviteUrl.split("/invite/")[1];

async function invited(a: Tenant, body: Record<string, unknown> = {}) {
  const invitee = await person();
  const res = await post(as(a.admin, a.slug), { email: invitee.email.toUpperCase(), ...body });
  expect(res.status).toBe(201);
  return { invitee, invitation: res.json, token: tokenOf(res.json.inviteUrl) };
}

describe("POST /v1/invitations", () => {
  it("invites by email: a link with a token (stored only as its SHA-256), a mail, an audit entry", async () => {
    const a = await tenant();
    const res = await post(as(a.admin, a.slug), { email: "New.Person@Example.COM", role: "member", projectId: a.other.slug, projectRole: "project_contributor" });
    expect(res.status).toBe(201);
    expect(res.json).toMatchObject({ email: "new.person@example.com", role: "member", projectId: a.other.id, projectRole: "project_contributor", status: "pending", emailSent: true, invitedById: a.admin.id });
    expect(res.json).not.toHaveProperty("tokenHash");
    expect(res.json.inviteUrl).toMatch(/^https:\/\/console\.example\.test\/invite\/[A-Za-z0-9_-]{43}$/);
    const token = tokenOf(res.json.inviteUrl);
    const row = await db.invitation.findUniqueOrThrow({ where: { id: res.json.id } });
    expect(row.tokenHash).toBe(hashInviteToken(token));
    expect(JSON.stringify(row)).not.toContain(token);
    const days = (row.expiresAt.getTime() - row.createdAt.getTime()) / 86_400_000;
    expect(days).toBeGreaterThan(6.99);
    expect(days).toBeLessThan(7.01);
    await settleMail();
    const mail = (await listOutbox()).find((m) => m.to === "new.person@example.com");
    expect(mail?.subject).toContain(a.workspace.name);
    expect(mail?.text).toContain(res.json.inviteUrl);
    expect(mail?.html).toContain(res.json.inviteUrl);
    const audit = await lastAudit(a.workspace.id, "invitation.create");
    expect(audit).toMatchObject({ targetId: res.json.id, after: { email: "new.person@example.com", role: "member" } });
    expect(JSON.stringify(audit)).not.toContain(token);
    expect(logs.some((l) => l.includes("mail written"))).toBe(true);
    expect(logs.some((l) => l.includes(token))).toBe(false);
  });

  it("a new invitation for the same address replaces the pending one", async () => {
    const a = await tenant();
    const first = await post(as(a.admin, a.slug), { email: "again@example.com" });
    const second = await post(as(a.owner, a.slug), { email: "again@example.com", role: "tenant_admin", expiresInDays: 2 });
    expect(second.status).toBe(201);
    expect((await db.invitation.findUniqueOrThrow({ where: { id: first.json.id } })).revokedAt).not.toBeNull();
    expect(second.json.status).toBe("pending");
  });

  it("401, 403 (member; token scope), 404 (another tenant), 409 (already a member), 422", async () => {
    const a = await tenant();
    const b = await tenant();
    const body = { email: "someone@example.com" };
    expect((await post({ "x-tenant-id": a.slug }, body)).status).toBe(401);
    expect((await post(as(a.member, a.slug), body)).status).toBe(403);
    expect((await post(await asToken(a.admin, a.workspace.id, { scopes: ["workspace:read"] }), body)).status).toBe(403);
    expect((await post(as(b.owner, a.slug), body)).status).toBe(404);
    expect((await post(await asToken(b.owner, b.workspace.id, { slug: a.slug }), body)).status).toBe(404);
    expect(await db.invitation.count({ where: { workspaceId: a.workspace.id } })).toBe(0);
    const dup = await post(as(a.admin, a.slug), { email: a.member.email.toUpperCase() });
    expect(dup.status).toBe(409);
    for (const bad of [
      {},
      { email: "not-an-email" },
      { email: "x@example.com", role: "owner" },
      { email: "x@example.com", projectId: a.other.id },
      { email: "x@example.com", projectRole: "project_viewer" },
      { email: "x@example.com", projectId: b.other.id, projectRole: "project_viewer" },
      { email: "x@example.com", expiresInDays: 0 },
      { email: "x@example.com", workspaceId: b.workspace.id },
    ]) {
      expect((await post(as(a.owner, a.slug), bad)).status, JSON.stringify(bad)).toBe(422);
    }
  });

  it("restrictToVerifiedDomains: only addresses on a verified domain may be invited", async () => {
    const a = await tenant();
    await createTestDomain({ workspaceId: a.workspace.id, domain: "corp.example", verified: true });
    await createTestDomain({ workspaceId: a.workspace.id, domain: "pending.example", verified: false });
    await db.workspace.update({ where: { id: a.workspace.id }, data: { restrictToVerifiedDomains: true } });
    const outside = await post(as(a.admin, a.slug), { email: "eve@gmail.example" });
    expect(outside.status).toBe(422);
    expect(outside.json.error.message).toMatch(/only admits members with an email address on its verified domains/);
    expect((await post(as(a.admin, a.slug), { email: "bob@pending.example" })).status).toBe(422);
    expect((await post(as(a.admin, a.slug), { email: "ann@corp.example" })).status).toBe(201);
  });
});

describe("GET /v1/invitations", () => {
  it("lists invitations with their status, filtered by status, never with a token hash", async () => {
    const a = await tenant();
    const pending = await post(as(a.admin, a.slug), { email: "p@example.com" });
    const revoked = await post(as(a.admin, a.slug), { email: "r@example.com" });
    await call(revokeInvitation, "/v1/invitations/x", { method: "DELETE", headers: as(a.admin, a.slug), params: { id: revoked.json.id } });
    const expired = await post(as(a.admin, a.slug), { email: "e@example.com" });
    await db.invitation.update({ where: { id: expired.json.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    const all = await call(listInvitations, "/v1/invitations", { headers: as(a.member, a.slug) });
    expect(all.status).toBe(200);
    expect(Object.fromEntries(all.json.data.map((i: { id: string; status: string }) => [i.id, i.status]))).toEqual({
      [pending.json.id]: "pending",
      [revoked.json.id]: "revoked",
      [expired.json.id]: "expired",
    });
    expect(all.text).not.toMatch(/tokenHash|inviteUrl/);
    const onlyPending = await call(listInvitations, "/v1/invitations", { headers: as(a.member, a.slug), query: { status: "pending" } });
    expect(onlyPending.json.data.map((i: { id: string }) => i.id)).toEqual([pending.json.id]);
    const page = await call(listInvitations, "/v1/invitations", { headers: as(a.member, a.slug), query: { limit: "2" } });
    expect(page.json.data).toHaveLength(2);
    expect(page.json.nextCursor).toBe(page.json.data[1].id);
  });

  it("401, 403 (token scope), 404 (another tenant), 422 (bad status)", async () => {
    const a = await tenant();
    const b = await tenant();
    expect((await call(listInvitations, "/v1/invitations", { headers: { "x-tenant-id": a.slug } })).status).toBe(401);
    expect((await call(listInvitations, "/v1/invitations", { headers: await asToken(a.owner, a.workspace.id, { scopes: ["workflow:run"] }) })).status).toBe(403);
    expect((await call(listInvitations, "/v1/invitations", { headers: as(b.owner, a.slug) })).status).toBe(404);
    expect((await call(listInvitations, "/v1/invitations", { headers: as(a.owner, a.slug), query: { status: "lost" } })).status).toBe(422);
  });
});

describe("DELETE /v1/invitations/{id}", () => {
  it("revokes: the link stops working; audited", async () => {
    const a = await tenant();
    const { invitee, invitation, token } = await invited(a);
    const res = await call(revokeInvitation, `/v1/invitations/${invitation.id}`, { method: "DELETE", headers: as(a.owner, a.slug), params: { id: invitation.id } });
    expect(res.status).toBe(204);
    expect(await lastAudit(a.workspace.id, "invitation.revoke")).toMatchObject({ targetId: invitation.id, after: { status: "revoked" } });
    expect((await acceptWith(as(invitee), token)).status).toBe(404);
  });

  it("401, 403 (member), 404 (another tenant; row unchanged), 409 (accepted), 422 (no X-Tenant-Id)", async () => {
    const a = await tenant();
    const b = await tenant();
    const { invitee, invitation, token } = await invited(a);
    const del = (headers: Record<string, string>) => call(revokeInvitation, `/v1/invitations/${invitation.id}`, { method: "DELETE", headers, params: { id: invitation.id } });
    expect((await del({ "x-tenant-id": a.slug })).status).toBe(401);
    expect((await del(as(a.member, a.slug))).status).toBe(403);
    expect((await del(as(b.owner, b.slug))).status).toBe(404);
    expect((await del(await asToken(b.owner, b.workspace.id))).status).toBe(404);
    expect((await del(as(a.owner))).status).toBe(422);
    expect((await db.invitation.findUniqueOrThrow({ where: { id: invitation.id } })).revokedAt).toBeNull();
    expect((await acceptWith(as(invitee), token)).status).toBe(200);
    expect((await del(as(a.owner, a.slug))).status).toBe(409);
  });
});

describe("POST /v1/invitations/accept", () => {
  it("the invitee accepts (email matched case-insensitively): member with the project grant; audited", async () => {
    const a = await tenant();
    const { invitee, invitation, token } = await invited(a, { projectId: a.other.id, projectRole: "project_viewer" });
    const res = await acceptWith(as(invitee), token);
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ workspace: { id: a.workspace.id, slug: a.slug, name: a.workspace.name }, role: "member", projectId: a.other.id });
    const projects = await call(listProjects, "/v1/projects", { headers: as(invitee, a.slug) });
    expect(projects.json.data).toEqual([expect.objectContaining({ id: a.other.id, role: "project_viewer" })]);
    expect((await db.invitation.findUniqueOrThrow({ where: { id: invitation.id } })).acceptedAt).not.toBeNull();
    expect(await lastAudit(a.workspace.id, "invitation.accept")).toMatchObject({ actorId: invitee.id, targetId: invitation.id, after: { role: "member", projectRole: "project_viewer" } });
    const again = await acceptWith(as(invitee), token);
    expect(again.status).toBe(409);
  });

  it("the invitee's own token may accept too; a tenant_admin invitation makes a tenant admin", async () => {
    const a = await tenant();
    const b = await tenant();
    const { invitee, token } = await invited(a, { role: "tenant_admin" });
    await db.workspaceMember.create({ data: { workspaceId: b.workspace.id, userId: invitee.id, role: "member" } });
    const res = await acceptWith(await asToken(invitee, b.workspace.id), token);
    expect(res.status).toBe(200);
    expect(res.json.role).toBe("tenant_admin");
  });

  it("someone else (wrong email) gets 403 and the invitation stays pending; unverified email 403; unknown token 404", async () => {
    const a = await tenant();
    const { invitation, token } = await invited(a);
    const intruder = await person();
    const wrong = await acceptWith(as(intruder), token);
    expect(wrong.status).toBe(403);
    expect(wrong.json.error.message).toMatch(/different email address/);
    expect(await db.workspaceMember.count({ where: { workspaceId: a.workspace.id, userId: intruder.id } })).toBe(0);
    expect((await db.invitation.findUniqueOrThrow({ where: { id: invitation.id } })).acceptedAt).toBeNull();
    expect(await lastAudit(a.workspace.id, "authz.denied")).toMatchObject({ actorId: intruder.id });
    const unverified = await person({ verified: false });
    const res = await post(as(a.admin, a.slug), { email: unverified.email });
    expect((await acceptWith(as(unverified), tokenOf(res.json.inviteUrl))).status).toBe(403);
    expect((await acceptWith(as(intruder), "A".repeat(43))).status).toBe(404);
  });

  it("401 anonymous; 422 for a missing or expired token", async () => {
    const a = await tenant();
    const { invitee, invitation, token } = await invited(a);
    expect((await acceptWith({}, token)).status).toBe(401);
    expect((await call(accept, "/v1/invitations/accept", { method: "POST", headers: as(invitee), body: {} })).status).toBe(422);
    await db.invitation.update({ where: { id: invitation.id }, data: { expiresAt: new Date(Date.now() - 1) } });
    const expired = await acceptWith(as(invitee), token);
    expect(expired.status).toBe(422);
    expect(expired.json.error.message).toMatch(/expired/);
  });

  it("restrictToVerifiedDomains applies at acceptance too", async () => {
    const a = await tenant();
    const { invitee, token } = await invited(a);
    await createTestDomain({ workspaceId: a.workspace.id, domain: "only-here.example", verified: true });
    await db.workspace.update({ where: { id: a.workspace.id }, data: { restrictToVerifiedDomains: true } });
    const res = await acceptWith(as(invitee), token);
    expect(res.status).toBe(422);
    expect(res.json.error.message).toMatch(/verified domains/);
    expect(await db.workspaceMember.count({ where: { workspaceId: a.workspace.id, userId: invitee.id } })).toBe(0);
  });

  it("two concurrent accepts apply once", async () => {
    const a = await tenant();
    const { invitee, token } = await invited(a);
    const results = await Promise.all([acceptWith(as(invitee), token), acceptWith(as(invitee), token)]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
    expect(await db.auditLog.count({ where: { workspaceId: a.workspace.id, action: "invitation.accept" } })).toBe(1);
  });
});

describe("getInvitationPreview (the /invite/<token> page)", () => {
  it("shows the workspace, role, project grant and invited address; tracks the status; null for unknown tokens", async () => {
    const a = await tenant();
    const { invitee, invitation, token } = await invited(a, { projectId: a.other.id, projectRole: "project_contributor" });
    expect(await getInvitationPreview(token)).toMatchObject({
      email: invitee.email,
      role: "member",
      status: "pending",
      workspace: { name: a.workspace.name, slug: a.slug },
      project: { name: a.other.name, role: "project_contributor" },
    });
    await call(revokeInvitation, `/v1/invitations/${invitation.id}`, { method: "DELETE", headers: as(a.owner, a.slug), params: { id: invitation.id } });
    expect((await getInvitationPreview(token))?.status).toBe("revoked");
    expect(await getInvitationPreview("A".repeat(43))).toBeNull();
    expect(await getInvitationPreview("short")).toBeNull();
  });
});
