import { beforeAll, describe, expect, it } from "vitest";
import { GET as listAuditRoute } from "@/app/v1/audit/route";
import { GET as exportAuditRoute } from "@/app/v1/audit/export/route";
import { db } from "@/lib/db/client";
import { createTestToken } from "@/test/factories/tokens";
import { invoke, expectErrorShape, sessionHeaders, tokenHeaders } from "@/test/support/http";
import { createWorld, type World } from "@/test/security/world";
import { createTestWorkspace } from "@/test/factories/tenancy";

let w: World;
const DAY = 86_400_000;
const base = new Date("2025-03-01T12:00:00Z").getTime();
// Seeded entries, oldest first; ids sort like their timestamps (ids are time-ordered in prod).
const seeds = [
  { action: "member.invite", actorId: "usr_alice", targetType: "invitation", targetId: "inv_1" },
  { action: "token.create", actorId: "usr_alice", targetType: "api_token", targetId: "tok_1" },
  { action: "token.revoke", actorId: "usr_bob", targetType: "api_token", targetId: "tok_1" },
  { action: "project.update", actorId: "usr_bob", targetType: "project", targetId: "prj_1" },
  { action: "token.rotate", actorId: "usr_carol", targetType: "api_token", targetId: "tok_2" },
  { action: "tokens.other", actorId: "usr_carol", targetType: "api_token", targetId: "tok_3" },
  { action: "member.remove", actorId: "usr_alice", targetType: "member", targetId: "usr_dave" },
];
let seededIds: string[] = [];

beforeAll(async () => {
  w = await createWorld();
  // Manual ids in a range of their own keep the ordering assertions exact.
  seededIds = seeds.map((_, i) => `aud_0zzzzzzzz${String(i).padStart(4, "0")}`);
  await db.auditLog.createMany({
    data: seeds.map((s, i) => ({ id: seededIds[i], workspaceId: w.a.workspace.id, actorType: "user", createdAt: new Date(base + i * DAY), metadata: { n: i }, ...s })),
  });
  await db.auditLog.create({ data: { id: "aud_0zzzzzzzz9999", workspaceId: w.b.workspace.id, actorType: "user", actorId: "usr_alice", action: "token.create" } });
});

const owner = () => sessionHeaders(w.a.users.owner.id, w.a.workspace.slug);
const list = async (headers: Record<string, string>, query = "") => invoke(listAuditRoute, { path: `/v1/audit${query}`, headers });
const seededOnly = (data: { id: string }[]) => data.map((e) => e.id).filter((id) => seededIds.includes(id));
const idsOf = (...indexes: number[]) => indexes.map((i) => seededIds[i]);

describe("GET /v1/audit", () => {
  it("lists this workspace's entries only, newest first, in the documented shape", async () => {
    const { res, body } = await list(await owner(), "?limit=200");
    expect(res.status).toBe(200);
    expect(res.headers.get("cache-control")).toBe("no-store");
    expect(seededOnly(body.data)).toEqual(idsOf(6, 5, 4, 3, 2, 1, 0));
    expect(body.data.map((e: { id: string }) => e.id)).not.toContain("aud_0zzzzzzzz9999");
    const entry = body.data.find((e: { id: string }) => e.id === seededIds[1]);
    expect(entry).toEqual({
      id: seededIds[1],
      createdAt: new Date(base + DAY).toISOString(),
      action: "token.create",
      actor: { type: "user", id: "usr_alice", label: null, name: null },
      projectId: null,
      target: { type: "api_token", id: "tok_1", name: null },
      ip: null,
      userAgent: null,
      requestId: null,
      before: null,
      after: null,
      metadata: { n: 1 },
      coalesced: null,
    });
  });

  it.each([
    ["action exact", "?action=token.create", [1]],
    ["action prefix", "?action=token.*", [4, 2, 1]],
    ["actorId", "?actorId=usr_bob", [3, 2]],
    ["target", "?targetType=api_token&targetId=tok_1", [2, 1]],
    ["from/to inclusive", `?from=${new Date(base + 2 * DAY).toISOString()}&to=${new Date(base + 4 * DAY).toISOString()}`, [4, 3, 2]],
    ["combined", `?action=token.*&actorId=usr_carol&from=${new Date(base).toISOString()}`, [4]],
  ])("filters by %s", async (_label, query, expected) => {
    const { res, body } = await list(await owner(), `${query}&limit=200`);
    expect(res.status).toBe(200);
    expect(seededOnly(body.data)).toEqual(idsOf(...(expected as number[])));
  });

  it("paginates with a cursor without gaps or repeats", async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const { body }: { body: { data: { id: string }[]; nextCursor: string | null } } = await list(
        await owner(),
        `?actorId=usr_alice&limit=2${cursor ? `&cursor=${cursor}` : ""}`,
      );
      seen.push(...body.data.map((e) => e.id));
      cursor = body.nextCursor;
      pages++;
    } while (cursor && pages < 10);
    expect(seen).toEqual(idsOf(6, 1, 0));
    expect(pages).toBe(2);
  });

  it("requires audit.read: admins yes, members 403, tokens need the audit:read scope", async () => {
    expect((await list(await sessionHeaders(w.a.users.tenant_admin.id, w.a.workspace.slug))).res.status).toBe(200);
    const member = await list(await sessionHeaders(w.a.users.member_project_admin.id, w.a.workspace.slug));
    expect(member.res.status).toBe(403);
    expectErrorShape(member.body, member.res, "forbidden");
    const narrow = await createTestToken({ userId: w.a.users.owner.id, workspaceId: w.a.workspace.id, scopes: ["workspace:read"] });
    const r = await list(tokenHeaders(narrow.token));
    expect(r.res.status).toBe(403);
    expectErrorShape(r.body, r.res, "insufficient_scope");
    const scoped = await createTestToken({ userId: w.a.users.owner.id, workspaceId: w.a.workspace.id, scopes: ["audit:read"] });
    expect((await list(tokenHeaders(scoped.token))).res.status).toBe(200);
  });

  it("another tenant's session or token naming this workspace gets 404", async () => {
    const session = await list(await sessionHeaders(w.b.owner.id, w.a.workspace.slug));
    expect(session.res.status).toBe(404);
    expectErrorShape(session.body, session.res, "not_found");
    const foreign = await createTestToken({ userId: w.b.owner.id, workspaceId: w.b.workspace.id });
    expect((await list(tokenHeaders(foreign.token, w.a.workspace.slug))).res.status).toBe(404);
    const own = await list(tokenHeaders(foreign.token), "?limit=200");
    expect(own.res.status).toBe(200);
    expect(own.body.data.map((e: { id: string }) => e.id)).toContain("aud_0zzzzzzzz9999");
    expect(seededOnly(own.body.data)).toEqual([]);
  });

  it.each([["?from=yesterday"], ["?from=2025-03-05T00:00:00Z&to=2025-03-01T00:00:00Z"], ["?action=DROP%20TABLE"], ["?limit=201"]])("422 for %s", async (query) => {
    const r = await list(await owner(), query);
    expect(r.res.status).toBe(422);
    expectErrorShape(r.body, r.res, "invalid_request");
  });

  it("401 without credentials", async () => {
    expect((await list({ "x-tenant-id": w.a.workspace.slug })).res.status).toBe(401);
  });
});

describe("GET /v1/audit/export", () => {
  const exportCall = async (headers: Record<string, string>, query = "") =>
    exportAuditRoute(new Request(`http://localhost/v1/audit/export${query}`, { headers }), { params: Promise.resolve({}) });

  it("streams filtered JSON Lines as an attachment, and audits the export", async () => {
    const res = await exportCall(await owner(), "?action=token.*");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^application\/x-ndjson/);
    expect(res.headers.get("content-disposition")).toMatch(new RegExp(`^attachment; filename="audit-${w.a.workspace.slug}-\\d{8}T\\d{6}Z\\.jsonl"$`));
    expect(res.headers.get("cache-control")).toBe("no-store");
    expect(res.headers.get("x-request-id")).toBeTruthy();
    const lines = (await res.text()).trimEnd().split("\n").map((l) => JSON.parse(l));
    expect(lines.map((e) => e.id)).toEqual(idsOf(4, 2, 1));
    expect(lines[0]).toMatchObject({ action: "token.rotate", actor: { id: "usr_carol" } });
    const exportEntry = await db.auditLog.findFirst({ where: { workspaceId: w.a.workspace.id, action: "audit.export" }, orderBy: { id: "desc" } });
    expect(exportEntry).toMatchObject({ actorId: w.a.users.owner.id, metadata: { filters: { action: "token.*" } } });
  });

  it("exports more entries than one batch, in order, and nothing from other tenants", async () => {
    const { workspace: ws } = await createTestWorkspace({ ownerId: w.a.users.owner.id });
    const n = 1234;
    await db.auditLog.createMany({
      data: Array.from({ length: n }, (_, i) => ({ id: `aud_0bulk${String(i).padStart(8, "0")}`, workspaceId: ws.id, actorType: "system", action: "bulk.test" })),
    });
    await db.auditLog.create({ data: { id: "aud_0bulkzzzzzzzz", workspaceId: w.b.workspace.id, actorType: "system", action: "bulk.test" } });
    const res = await exportCall(await sessionHeaders(w.a.users.owner.id, ws.slug), "?action=bulk.test");
    const ids = (await res.text()).trimEnd().split("\n").map((l) => JSON.parse(l).id as string);
    expect(ids).toHaveLength(n);
    expect(ids).not.toContain("aud_0bulkzzzzzzzz");
    expect(new Set(ids).size).toBe(n);
    expect(ids).toEqual([...ids].sort().reverse());
  });

  it("403 for a member, 404 cross-tenant, 422 for a bad filter, 401 anonymous", async () => {
    expect((await exportCall(await sessionHeaders(w.a.users.member_none.id, w.a.workspace.slug))).status).toBe(403);
    expect((await exportCall(await sessionHeaders(w.b.owner.id, w.a.workspace.slug))).status).toBe(404);
    expect((await exportCall(await owner(), "?to=soon")).status).toBe(422);
    expect((await exportCall({ "x-tenant-id": w.a.workspace.slug })).status).toBe(401);
  });
});

describe("the audit log is append-only", () => {
  it("refuses UPDATE and DELETE at the database level", async () => {
    await expect(db.auditLog.update({ where: { id: seededIds[0] }, data: { action: "tampered" } })).rejects.toThrow();
    await expect(db.auditLog.deleteMany({ where: { id: seededIds[0] } })).rejects.toThrow();
    expect((await db.auditLog.findUniqueOrThrow({ where: { id: seededIds[0] } })).action).toBe("member.invite");
  });
});
