import { beforeAll, describe, expect, it } from "vitest";
import { GET as listAuditRoute } from "@/app/v1/audit/route";
import { db } from "@/lib/db/client";
import { newId } from "@/lib/core/ids";
import { recordAudit } from "@/lib/audit/record";
import { AUDIT_COALESCE_WINDOW_MS, coalesceIntoRecentEntry } from "@/lib/audit/coalesce";
import { invoke } from "@/test/support/http";
import { api, world } from "@/test/workflows/helpers";
import { chain, transform } from "@/test/workflows/graphs";

type W = Awaited<ReturnType<typeof world>>;
type Entry = { id: string; action: string; actor: { id: string; name: string | null }; target: { id: string; name: string | null } | null; ip: string | null; coalesced: { count: number; lastAt: string } | null };
let w: W;

beforeAll(async () => {
  w = await world();
});

async function entriesFor(targetId: string): Promise<Entry[]> {
  const { res, body } = await invoke(listAuditRoute, { path: `/v1/audit?targetId=${targetId}&limit=200`, headers: { cookie: w.a.owner.cookie, "x-tenant-id": w.a.slug } });
  expect(res.status).toBe(200);
  return body.data;
}

describe("autosave does not write one audit entry per save", () => {
  it("folds a burst of graph saves by one actor into one entry with a count; renames and other actors stay separate", async () => {
    const wf = (await api.create(w.admin, { name: "Refund triage" })).json;
    let rev = wf.draftRevision as number;
    for (const id of ["a", "b", "c"]) rev = (await api.patch(w.admin, wf.id, { graph: chain(transform(id)), draftRevision: rev })).json.draftRevision;
    rev = (await api.patch(w.contributor, wf.id, { graph: chain(transform("d")), draftRevision: rev })).json.draftRevision;
    await api.patch(w.admin, wf.id, { name: "Refund triage v2" });

    const updates = (await entriesFor(wf.id)).filter((e) => e.action === "workflow.updated");
    // Newest first: the admin's rename, the contributor's save, the admin's three saves as one.
    expect(updates).toHaveLength(3);
    const [rename, other, burst] = updates;
    expect(rename.coalesced).toBeNull();
    expect(rename.target?.name).toBe("Refund triage v2");
    expect(other.coalesced).toBeNull();
    expect(burst.coalesced?.count).toBe(3);
    expect(burst.actor.id).toBe(rename.actor.id);
    expect(burst.target?.name).toBe("Refund triage");
  });

  it("starts a new entry once the window of the first one has passed", async () => {
    const wf = (await api.create(w.admin, { name: "Windowed" })).json;
    await api.patch(w.admin, wf.id, { graph: chain(transform("a")) });
    const [first] = (await entriesFor(wf.id)).filter((e) => e.action === "workflow.updated");
    const key = { workspaceId: w.a.workspace.id, action: "workflow.updated", actorType: "user", actorId: first.actor.id, targetType: "workflow", targetId: wf.id };
    expect(await coalesceIntoRecentEntry(db, key, new Date(Date.now() + AUDIT_COALESCE_WINDOW_MS / 2))).toBe(true);
    expect(await coalesceIntoRecentEntry(db, key, new Date(Date.now() + AUDIT_COALESCE_WINDOW_MS + 60_000))).toBe(false);
    expect(await coalesceIntoRecentEntry(db, { ...key, actorId: "usr_someone_else" })).toBe(false);
  });

  it("keeps the log append-only: coalescing updates only the counter table", async () => {
    const wf = (await api.create(w.admin, { name: "Append only" })).json;
    await api.patch(w.admin, wf.id, { graph: chain(transform("a")) });
    await api.patch(w.admin, wf.id, { graph: chain(transform("b")) });
    const row = await db.auditLog.findFirstOrThrow({ where: { targetId: wf.id, action: "workflow.updated" }, include: { burst: true } });
    expect(row.burst?.count).toBe(2);
    await expect(db.auditLog.update({ where: { id: row.id }, data: { action: "tampered" } })).rejects.toThrow(/append-only/);
  });
});

describe("entries read as sentences", () => {
  it("names the actor and the target; a deleted workflow keeps its last name", async () => {
    const wf = (await api.create(w.admin, { name: "Short lived" })).json;
    expect((await api.delete(w.admin, wf.id)).status).toBe(204);
    const entries = await entriesFor(wf.id);
    expect(entries.map((e) => e.action)).toEqual(["workflow.deleted", "workflow.created"]);
    for (const e of entries) {
      expect(e.target?.name).toBe("Short lived");
      expect(e.actor.name).toMatch(/@/); // the admin has no display name: their email
    }
  });

  it("resolves a target name that was not stored (older entries) from the live row, and a user by name or email", async () => {
    const wf = (await api.create(w.admin, { name: "Live name" })).json;
    const owner = await db.user.findUniqueOrThrow({ where: { id: w.a.owner.id } });
    await db.auditLog.create({ data: { id: newId("audit"), workspaceId: w.a.workspace.id, actorType: "user", actorId: owner.id, action: "workflow.published", targetType: "workflow", targetId: wf.id } });
    await db.auditLog.create({ data: { id: newId("audit"), workspaceId: w.a.workspace.id, actorType: "user", actorId: owner.id, action: "member.update", targetType: "user", targetId: owner.id } });
    const [published] = await entriesFor(wf.id);
    expect(published).toMatchObject({ action: "workflow.published", target: { name: "Live name" }, actor: { name: owner.name || owner.email } });
    const [member] = await entriesFor(owner.id);
    expect(member.target?.name).toBe(owner.name || owner.email);
  });

  it("shows IPv4 clients normally, also for entries stored in the IPv4-mapped form", async () => {
    const target = `wf_ip_${Date.now()}`;
    await db.auditLog.create({ data: { id: newId("audit"), workspaceId: w.a.workspace.id, actorType: "system", action: "ip.legacy", targetType: "workflow", targetId: target, ip: "::ffff:203.0.113.9" } });
    await recordAudit({ workspaceId: w.a.workspace.id, actor: { type: "system" }, action: "ip.new", target: { type: "workflow", id: target }, request: { ip: "::ffff:198.51.100.7" } });
    const stored = await db.auditLog.findFirstOrThrow({ where: { targetId: target, action: "ip.new" } });
    expect(stored.ip).toBe("198.51.100.7");
    expect((await entriesFor(target)).map((e) => e.ip).sort()).toEqual(["198.51.100.7", "203.0.113.9"]);
  });
});
