// Audit retention (issue 15 §4): the per-workspace setting and the daily job through the
// privileged path, which deletes only rows past the workspace's window.
import { afterEach, describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { newId } from "@/lib/core/ids";
import { PATCH as patchRoute, GET as getRoute } from "@/app/v1/workspaces/current/route";
import { GET as exportRoute } from "@/app/v1/audit/export/route";
import { enforceAuditRetention } from "@/lib/lifecycle/audit-retention";
import { runLifecycleJob } from "@/lib/lifecycle/lifecycle-worker";
import { as, call, routeRequest } from "@/test/support/http";
import { tenant } from "@/test/support/world";

const DAY = 86_400_000;
const oldEntry = (workspaceId: string, daysAgo: number, action = "x.old") =>
  db.auditLog.create({ data: { id: newId("audit"), workspaceId, actorType: "system", action, createdAt: new Date(Date.now() - daysAgo * DAY) } });

afterEach(() => {
  delete process.env.AUDIT_RETENTION_UNLIMITED;
});

describe("audit retention", () => {
  it("defaults to 90 days; PATCH accepts 30/90/365, null only self-hosted, nothing else; audited", async () => {
    const t = await tenant({ staff: true });
    expect((await call(getRoute, "/", { headers: as(t.owner, t.slug) })).json.auditRetentionDays).toBe(90);
    const set = await call(patchRoute, "/", { method: "PATCH", headers: as(t.owner, t.slug), body: { auditRetentionDays: 365 } });
    expect(set.status).toBe(200);
    expect(set.json.auditRetentionDays).toBe(365);
    for (const bad of [45, 0, -1, "90", 1e9]) expect((await call(patchRoute, "/", { method: "PATCH", headers: as(t.owner, t.slug), body: { auditRetentionDays: bad } })).status).toBe(422);
    expect((await call(patchRoute, "/", { method: "PATCH", headers: as(t.owner, t.slug), body: { auditRetentionDays: null } })).status).toBe(422);
    process.env.AUDIT_RETENTION_UNLIMITED = "1";
    expect((await call(patchRoute, "/", { method: "PATCH", headers: as(t.owner, t.slug), body: { auditRetentionDays: null } })).json.auditRetentionDays).toBeNull();
    expect((await call(patchRoute, "/", { method: "PATCH", headers: as(t.member, t.slug), body: { auditRetentionDays: 30 } })).status).toBe(403);
    const audit = await db.auditLog.findFirst({ where: { workspaceId: t.workspace.id, action: "workspace.update" }, orderBy: { id: "desc" } });
    expect(audit).toMatchObject({ before: expect.objectContaining({ auditRetentionDays: 365 }), after: expect.objectContaining({ auditRetentionDays: null }) });
  });

  it("the daily job deletes entries past each workspace's window, and nothing younger or unlimited", async () => {
    const a = await tenant({ staff: false });
    const b = await tenant({ staff: false });
    const c = await tenant({ staff: false });
    await db.workspace.update({ where: { id: a.workspace.id }, data: { auditRetentionDays: 30 } });
    await db.workspace.update({ where: { id: c.workspace.id }, data: { auditRetentionDays: null } });
    await oldEntry(a.workspace.id, 31);
    await oldEntry(a.workspace.id, 29, "x.young");
    await oldEntry(b.workspace.id, 89, "x.young"); // default 90
    await oldEntry(b.workspace.id, 91);
    await oldEntry(c.workspace.id, 4000, "x.young");
    await runLifecycleJob({ retention: true });
    const left = async (ws: string) => (await db.auditLog.findMany({ where: { workspaceId: ws, action: { startsWith: "x." } } })).map((r) => r.action);
    expect(await left(a.workspace.id)).toEqual(["x.young"]);
    expect(await left(b.workspace.id)).toEqual(["x.young"]);
    expect(await left(c.workspace.id)).toEqual(["x.young"]);
    expect(await enforceAuditRetention()).not.toHaveProperty(a.workspace.id);
  });

  it("the export streams any date range as NDJSON", async () => {
    const t = await tenant({ staff: false });
    for (const d of [10, 20, 40]) await oldEntry(t.workspace.id, d, `x.d${d}`);
    const from = new Date(Date.now() - 25 * DAY).toISOString();
    const to = new Date(Date.now() - 5 * DAY).toISOString();
    const res = await exportRoute(routeRequest(`/v1/audit/export?from=${from}&to=${to}`, { headers: as(t.owner, t.slug) }), { params: Promise.resolve({}) });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("application/x-ndjson");
    expect((await res.text()).trim().split("\n").map((l) => JSON.parse(l).action).sort()).toEqual(["x.d10", "x.d20"]);
  });
});
