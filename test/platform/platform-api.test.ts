// The operator API (/v1/platform/*, issue 15 §5): platform tokens only, from their allowlist,
// until they expire or are revoked; account-level metadata; every action in platform_audit_log.
import { beforeAll, describe, expect, it } from "vitest";
import { GET as auditRoute } from "@/app/v1/platform/audit/route";
import { POST as disableRoute } from "@/app/v1/platform/users/[id]/disable/route";
import { POST as enableRoute } from "@/app/v1/platform/users/[id]/enable/route";
import { GET as userRoute } from "@/app/v1/platform/users/[id]/route";
import { GET as usersRoute } from "@/app/v1/platform/users/route";
import { POST as deletionRoute } from "@/app/v1/platform/workspaces/[id]/deletion/route";
import { GET as workspaceRoute } from "@/app/v1/platform/workspaces/[id]/route";
import { GET as workspacesRoute } from "@/app/v1/platform/workspaces/route";
import { GET as meRoute } from "@/app/v1/me/route";
import { db } from "@/lib/db/client";
import { recordAudit } from "@/lib/audit/record";
import { createSession } from "@/lib/auth/session";
import { authenticatePassword, SignInRefused } from "@/lib/auth/sign-in";
import { createTestPlatformToken, OPERATOR_IP, platformHeaders } from "@/test/factories/platform";
import { createTestRun } from "@/test/factories/runs";
import { bearer } from "@/test/factories/tokens";
import { createTestUser } from "@/test/factories/users";
import { createTestWorkflow } from "@/test/factories/workflows";
import { call, expectErrorShape, type Handler } from "@/test/support/http";
import { tenant } from "@/test/support/world";

type Platform = Awaited<ReturnType<typeof createTestPlatformToken>>;
let op: Platform;
beforeAll(async () => {
  op = await createTestPlatformToken({ ips: [`${OPERATOR_IP}/32`, "2001:db8::/32"] });
});

// Every platform route, with a request that succeeds for an existing user/workspace.
type Case = { name: string; handler: Handler; path: (id: string) => string; method: "GET" | "POST"; target: "user" | "workspace" | null; body?: unknown };
const ROUTES: Case[] = [
  { name: "list users", handler: usersRoute, path: () => "/v1/platform/users", method: "GET", target: null },
  { name: "get user", handler: userRoute, path: (id) => `/v1/platform/users/${id}`, method: "GET", target: "user" },
  { name: "disable user", handler: disableRoute, path: (id) => `/v1/platform/users/${id}/disable`, method: "POST", target: "user", body: { reason: "abuse report #1" } },
  { name: "enable user", handler: enableRoute, path: (id) => `/v1/platform/users/${id}/enable`, method: "POST", target: "user" },
  { name: "list workspaces", handler: workspacesRoute, path: () => "/v1/platform/workspaces", method: "GET", target: null },
  { name: "get workspace", handler: workspaceRoute, path: (id) => `/v1/platform/workspaces/${id}`, method: "GET", target: "workspace" },
  { name: "request deletion", handler: deletionRoute, path: (id) => `/v1/platform/workspaces/${id}/deletion`, method: "POST", target: "workspace", body: { reason: "owner asked, ticket 42" } },
  { name: "audit log", handler: auditRoute, path: () => "/v1/platform/audit", method: "GET", target: null },
];

const send = (c: Case, id: string, headers: Record<string, string>, body = c.body) =>
  call(c.handler, c.path(id), { method: c.method, headers, body, params: c.target ? { id } : {} });

describe("every platform route: authentication and the allowlist", () => {
  let t: Awaited<ReturnType<typeof tenant<{ token: true; staff: false }>>>;
  beforeAll(async () => {
    t = await tenant({ token: true, staff: false });
  });
  const idFor = (c: Case) => (c.target === "user" ? t.owner.id : t.workspace.id);

  it.each(ROUTES.map((c) => [c.name, c] as const))("%s: 2xx with a valid token from an allowed address (IPv4 and IPv6)", async (_n, c) => {
    const res = await send(c, idFor(c), op.headers());
    expect(res.status, res.text).toBeLessThan(300);
    expect(res.headers.get("cache-control")).toBe("no-store");
    expect((await send(c, idFor(c), op.headers("2001:db8:42::7"))).status).toBeLessThan(300);
    if (c.name === "disable user") await send(ROUTES[3], t.owner.id, op.headers());
  });

  it.each(ROUTES.map((c) => [c.name, c] as const))("%s: 401 without a token, with a PAT, a session, a malformed, revoked or expired platform token", async (_n, c) => {
    const revoked = await createTestPlatformToken();
    await db.platformToken.update({ where: { id: revoked.row.id }, data: { revokedAt: new Date() } });
    const expired = await createTestPlatformToken();
    await db.platformToken.update({ where: { id: expired.row.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    const attempts: Record<string, string>[] = [
      { "x-forwarded-for": OPERATOR_IP },
      { ...bearer(t.token.token), "x-forwarded-for": OPERATOR_IP },
      { cookie: t.owner.cookie, "x-forwarded-for": OPERATOR_IP },
      platformHeaders("ar_platform_notatoken"),
      platformHeaders(op.token.slice(0, -1) + (op.token.endsWith("A") ? "B" : "A")),
      revoked.headers(),
      expired.headers(),
    ];
    for (const headers of attempts) {
      const res = await send(c, idFor(c), headers);
      expect(res.status, JSON.stringify(headers)).toBe(401);
      expectErrorShape(res.json, new Response(null, { headers: res.headers }), "unauthorized");
    }
  });

  it.each(ROUTES.map((c) => [c.name, c] as const))("%s: 403 from an address outside the allowlist (or none), audited, nothing changed", async (_n, c) => {
    const before = await db.user.findUniqueOrThrow({ where: { id: t.owner.id }, select: { disabledAt: true } });
    for (const ip of ["203.0.113.5", "198.51.100.4", "2001:db9::1", "127.0.0.1", null]) {
      const res = await send(c, idFor(c), op.headers(ip));
      expect(res.status, String(ip)).toBe(403);
      expect(res.json.error.code).toBe("forbidden");
    }
    expect(await db.user.findUniqueOrThrow({ where: { id: t.owner.id }, select: { disabledAt: true } })).toEqual(before);
    const denied = await db.platformAuditLog.findFirst({ where: { action: "platform.access_denied", actorId: op.row.id, ip: "198.51.100.4" }, orderBy: { id: "desc" } });
    expect(denied).toMatchObject({ actorType: "platform_token", metadata: { reason: "ip_not_allowed" } });
  });

  it.each(ROUTES.filter((c) => c.target).map((c) => [c.name, c] as const))("%s: 404 for an unknown id", async (_n, c) => {
    const res = await send(c, c.target === "user" ? "usr_nosuchuser" : "ws_nosuchworkspace", op.headers());
    expect(res.status).toBe(404);
    expect(res.json.error.code).toBe("not_found");
  });

  it.each(ROUTES.map((c) => [c.name, c] as const))("%s: 422 for an invalid request", async (_n, c) => {
    const res = c.target
      ? c.body
        ? await send(c, idFor(c), op.headers(), { reason: "", extra: true })
        : await send(c, "x".repeat(65), op.headers())
      : await call(c.handler, c.path(""), { headers: op.headers(), query: { limit: "0" } });
    expect(res.status, res.text).toBe(422);
    expect(res.json.error.code).toBe("invalid_request");
  });
});

describe("users", () => {
  it("lists and searches with status and counts, paged; never a secret", async () => {
    const t = await tenant({ token: true, staff: false, names: true });
    const found = await call(usersRoute, "/v1/platform/users", { headers: op.headers(), query: { q: t.owner.email.toUpperCase() } });
    expect(found.status).toBe(200);
    expect(found.json.data).toEqual([
      {
        id: t.owner.id,
        email: t.owner.email,
        name: "owner",
        emailVerified: true,
        status: "active",
        disabledAt: null,
        disabledReason: null,
        createdAt: expect.any(String),
        counts: { workspaces: 1, activeTokens: 1, sessions: 1 },
      },
    ]);
    expect(found.text).not.toMatch(/passwordHash|tokenHash|sessionToken|\$argon2/);
    const byId = await call(usersRoute, "/v1/platform/users", { headers: op.headers(), query: { q: t.owner.id } });
    expect(byId.json.data.map((u: { id: string }) => u.id)).toEqual([t.owner.id]);
    const first = await call(usersRoute, "/v1/platform/users", { headers: op.headers(), query: { limit: "1" } });
    expect(first.json.data).toHaveLength(1);
    const second = await call(usersRoute, "/v1/platform/users", { headers: op.headers(), query: { limit: "1", cursor: first.json.nextCursor } });
    expect(second.json.data[0].id < first.json.data[0].id).toBe(true);
  });

  it("disable: sessions end, tokens and sign-in refused, before/after audited; enable: tokens work again", async () => {
    const t = await tenant({ token: true, staff: false });
    expect((await call(meRoute, "/v1/me", { headers: bearer(t.token.token) })).status).toBe(200);
    const res = await call(disableRoute, `/v1/platform/users/${t.owner.id}/disable`, { headers: op.headers(), body: { reason: "fraud" }, params: { id: t.owner.id } });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ status: "disabled", disabledReason: "fraud", disabledAt: expect.any(String), counts: { sessions: 0 } });
    expect(await db.session.count({ where: { userId: t.owner.id } })).toBe(0);
    expect((await call(meRoute, "/v1/me", { headers: { cookie: t.owner.cookie } })).status).toBe(401);
    expect((await call(meRoute, "/v1/me", { headers: bearer(t.token.token) })).status).toBe(401);
    const entry = await db.platformAuditLog.findFirstOrThrow({ where: { action: "platform.user.disable", targetId: t.owner.id } });
    expect(entry).toMatchObject({
      actorType: "platform_token",
      actorId: op.row.id,
      ip: OPERATOR_IP,
      before: { status: "active", disabledAt: null, disabledReason: null },
      after: { status: "disabled", disabledReason: "fraud" },
      metadata: { sessionsEnded: 1, changed: true },
    });

    await expect(createSession(t.owner.id)).rejects.toThrow(/disabled/);

    const listed = await call(usersRoute, "/v1/platform/users", { headers: op.headers(), query: { q: t.owner.id, status: "disabled" } });
    expect(listed.json.data).toHaveLength(1);

    const enabled = await call(enableRoute, `/v1/platform/users/${t.owner.id}/enable`, { headers: op.headers(), params: { id: t.owner.id } });
    expect(enabled.json).toMatchObject({ status: "active", disabledAt: null, disabledReason: null });
    expect((await call(meRoute, "/v1/me", { headers: bearer(t.token.token) })).status).toBe(200);
    expect(await db.platformAuditLog.findFirst({ where: { action: "platform.user.enable", targetId: t.owner.id } })).toMatchObject({ before: { status: "disabled" }, after: { status: "active" } });
  });

  it("a disabled account cannot sign in with its password (told so only with the right password); enabled, it can", async () => {
    const { user, password } = await createTestUser();
    const meta = { requestId: "req_platform_test", ip: "192.0.2.10", userAgent: "vitest" };
    await call(disableRoute, `/v1/platform/users/${user.id}/disable`, { headers: op.headers(), body: { reason: "chargeback" }, params: { id: user.id } });
    const refused = await authenticatePassword({ email: user.email, password }, meta).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(SignInRefused);
    expect((refused as SignInRefused).reason).toBe("account_disabled");
    const wrong = await authenticatePassword({ email: user.email, password: `${password}x` }, meta).catch((e: unknown) => e);
    expect((wrong as SignInRefused).reason).toBe("invalid_credentials");
    await call(enableRoute, `/v1/platform/users/${user.id}/enable`, { headers: op.headers(), params: { id: user.id } });
    expect((await authenticatePassword({ email: user.email, password }, meta)).user.id).toBe(user.id);
  });
});

describe("workspaces", () => {
  it("lists and searches with owners, status and counts; no tenant content", async () => {
    const t = await tenant({ staff: true });
    const { workflow } = await createTestWorkflow({ workspaceId: t.workspace.id, projectId: t.project.id, name: "canary-workflow-name" });
    await createTestRun(workflow, { status: "succeeded" });
    await createTestRun(workflow, { status: "failed" });
    const res = await call(workspacesRoute, "/v1/platform/workspaces", { headers: op.headers(), query: { q: t.slug } });
    expect(res.status).toBe(200);
    expect(res.json.data).toEqual([
      {
        id: t.workspace.id,
        slug: t.slug,
        name: t.workspace.name,
        createdAt: expect.any(String),
        status: "active",
        owners: [{ id: t.owner.id, email: t.owner.email }],
        counts: { members: 3, projects: 2, workflows: 1, runs: 2 },
      },
    ]);
    expect(res.text).not.toContain("canary-workflow-name");
    const one = await call(workspaceRoute, `/v1/platform/workspaces/${t.workspace.id}`, { headers: op.headers(), params: { id: t.workspace.id } });
    expect(one.json).toEqual(res.json.data[0]);
  });

  it("a deletion request (202) is recorded and starts the grace window; nothing deleted yet; repeats return it", async () => {
    const t = await tenant({ staff: false });
    const path = `/v1/platform/workspaces/${t.workspace.id}/deletion`;
    const res = await call(deletionRoute, path, { headers: op.headers(), body: { reason: "owner asked by mail" }, params: { id: t.workspace.id } });
    expect(res.status).toBe(202);
    expect(res.json).toMatchObject({ workspaceId: t.workspace.id, status: "pending", alreadyRequested: false, note: expect.stringContaining("grace window") });
    expect(await db.workspace.count({ where: { id: t.workspace.id } })).toBe(1);
    expect(await db.workspaceDeletion.findFirst({ where: { workspaceId: t.workspace.id } })).toMatchObject({ status: "scheduled", requestedById: null, ownerEmail: t.owner.email });
    expect(await db.platformAuditLog.findUniqueOrThrow({ where: { id: res.json.actionId } })).toMatchObject({
      action: "platform.workspace.deletion_requested",
      targetType: "workspace",
      targetId: t.workspace.id,
      actorId: op.row.id,
      metadata: { reason: "owner asked by mail", pending: true },
    });
    const again = await call(deletionRoute, path, { headers: op.headers(), body: { reason: "again" }, params: { id: t.workspace.id } });
    expect(again.status).toBe(202);
    expect(again.json).toMatchObject({ actionId: res.json.actionId, alreadyRequested: true });
    const shown = await call(workspaceRoute, `/v1/platform/workspaces/${t.workspace.id}`, { headers: op.headers(), params: { id: t.workspace.id } });
    expect(shown.json.status).toBe("deletion_requested");
  });
});

describe("the platform audit log", () => {
  it("shows platform actions, filtered; never a workspace's entries", async () => {
    const t = await tenant({ staff: false });
    await recordAudit({ workspaceId: t.workspace.id, actor: { type: "user", userId: t.owner.id }, action: "workflow.create", metadata: { canary: "tenant-audit-canary" } });
    await call(disableRoute, `/v1/platform/users/${t.owner.id}/disable`, { headers: op.headers(), body: { reason: "audit test" }, params: { id: t.owner.id } });
    const res = await call(auditRoute, "/v1/platform/audit", { headers: op.headers(), query: { action: "platform.user.*", targetId: t.owner.id } });
    expect(res.status).toBe(200);
    expect(res.json.data).toEqual([
      expect.objectContaining({ action: "platform.user.disable", actor: { type: "platform_token", id: op.row.id, label: "vitest operator" }, target: { type: "user", id: t.owner.id }, ip: OPERATOR_IP }),
    ]);
    const all = await call(auditRoute, "/v1/platform/audit", { headers: op.headers(), query: { limit: "200" } });
    expect(all.text).not.toContain("tenant-audit-canary");
    expect(all.json.data.some((e: { action: string }) => e.action === "platform.token.create")).toBe(true);
    expect((await call(auditRoute, "/v1/platform/audit", { headers: op.headers(), query: { action: "Bad Action" } })).status).toBe(422);
  });
});
