import { afterAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { stopBoss } from "@/lib/queue/boss";
import { GET as listRoute } from "@/app/v1/workflows/[id]/inbound/route";
import { DELETE as deleteRoute, GET as getRoute, PATCH as patchRoute } from "@/app/v1/inbound-subscriptions/[id]/route";
import { POST as rotateRoute } from "@/app/v1/inbound-subscriptions/[id]/rotate-secret/route";
import { GET as deliveriesRoute } from "@/app/v1/inbound-subscriptions/[id]/deliveries/route";
import { asToken, call, inProject } from "@/test/support/http";
import { joinAs, lastAudit, tenant, teamWorld } from "@/test/support/world";
import { createSubscription, deliver, inboundWorld, type Created } from "./inbound-helpers";

afterAll(() => stopBoss());

const BODY = '{"name":"Ada"}';

/** A tenant with a workflow in its default project, a viewer, a contributor and a project admin; and a second tenant. */
async function world() {
  const w = await teamWorld({ credits: true, workflow: true }, { workflow: true });
  return { ...w, workflow: w.a.workflow, bWorkflow: w.b.workflow };
}

const rowOf = (id: string) => db.inboundSubscription.findUnique({ where: { id } });

describe("POST /v1/workflows/{id}/inbound", () => {
  it("201: url, signing secret and automation token returned once; secret sealed, token hashed and bound; audited without them", async () => {
    const { a, workflow, admin } = await world();
    const res = await createSubscription(a, workflow.id, { name: "GitHub push" });
    expect(res.status).toBe(201);
    const sub = res.json as Created;
    expect(sub).toMatchObject({ workflowId: workflow.id, name: "GitHub push", enabled: true, lastDeliveryAt: null, tokenRevokedAt: null });
    expect(sub.id).toMatch(/^ibs_/);
    expect(sub.url).toMatch(new RegExp(`^https?://[^/]+/v1/inbound/${sub.id}$`));
    expect(sub.signingSecret).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);
    expect(Buffer.from(sub.signingSecret.slice(6), "base64url")).toHaveLength(32);
    expect(sub.token).toMatch(/^ar_pat_/);
    expect(sub.secretHint).toBe(`…${sub.signingSecret.slice(-4)}`);
    expect(sub.token.startsWith(String(sub.tokenPrefix))).toBe(true);

    const row = await rowOf(sub.id);
    expect(row).toMatchObject({ workspaceId: a.workspace.id, projectId: a.project.id, tokenId: sub.tokenId, createdById: a.admin.id });
    expect(Buffer.from(row!.signingSecret).toString("latin1")).not.toContain(sub.signingSecret.slice(6));
    const token = await db.apiToken.findUniqueOrThrow({ where: { id: sub.tokenId } });
    expect(token).toMatchObject({ kind: "automation", scopes: ["workflow:run"], projectId: a.project.id, workspaceId: a.workspace.id, userId: a.admin.id, revokedAt: null });
    expect(JSON.stringify(token)).not.toContain(sub.token);

    const audit = await lastAudit(a.workspace.id, "inbound_subscription.create");
    expect(audit).toMatchObject({ targetId: sub.id, actorId: a.admin.id, projectId: a.project.id });
    expect(JSON.stringify(audit)).not.toContain(sub.signingSecret);
    expect(JSON.stringify(audit)).not.toContain(sub.token);

    // Never again: the list and the single read carry neither value.
    const list = await call(listRoute, "/", { headers: admin, params: { id: workflow.id } });
    const one = await call(getRoute, "/", { headers: admin, params: { id: sub.id } });
    for (const r of [list, one]) {
      expect(r.status).toBe(200);
      expect(r.text).not.toContain(sub.signingSecret);
      expect(r.text).not.toContain(sub.token);
    }
    expect(list.json.data.map((s: Created) => s.id)).toEqual([sub.id]);
    expect(one.json).not.toHaveProperty("signingSecret");
    expect(one.json).not.toHaveProperty("token");
  });

  it("addresses the workflow by slug; a project admin (member) may create; no name is fine", async () => {
    const { a, workflow, projectAdmin } = await world();
    const res = await createSubscription(a, workflow.slug, {}, inProject(projectAdmin, a.slug));
    expect(res.status).toBe(201);
    expect(res.json).toMatchObject({ workflowId: workflow.id, name: null });
    expect((await db.apiToken.findUniqueOrThrow({ where: { id: res.json.tokenId } })).userId).toBe(projectAdmin.id);
  });

  it("401 without credentials or with the inbound token itself; 403 viewer, contributor, token without projects:admin; 404 other tenant, other project, unknown workflow", async () => {
    const { a, b, workflow, bWorkflow, viewer, contributor } = await world();
    const sub = (await createSubscription(a, workflow.id)).json as Created;
    const count = () => db.inboundSubscription.count({ where: { workspaceId: a.workspace.id } });
    expect((await createSubscription(a, workflow.id, {}, { "x-tenant-id": a.slug, "x-project-id": "default" })).status).toBe(401);
    expect((await createSubscription(a, workflow.id, {}, { authorization: `Bearer ${sub.token}`, "x-project-id": "default" })).status).toBe(401);
    expect((await createSubscription(a, workflow.id, {}, inProject(viewer, a.slug))).status).toBe(403);
    expect((await createSubscription(a, workflow.id, {}, inProject(contributor, a.slug))).status).toBe(403);
    const runOnly = await asToken(a.owner, a.workspace.id, { scopes: ["workflow:run", "workflow:write"], slug: a.slug });
    expect((await createSubscription(a, workflow.id, {}, { ...runOnly, "x-project-id": "default" })).status).toBe(403);
    expect((await createSubscription(a, workflow.id, {}, inProject(b.owner, a.slug))).status).toBe(404);
    expect((await createSubscription(a, bWorkflow.id, {}, inProject(a.admin, a.slug))).status).toBe(404);
    expect((await createSubscription(a, workflow.id, {}, inProject(a.admin, a.slug, a.other.slug))).status).toBe(404);
    expect((await createSubscription(a, "wf_unknown", {}, inProject(a.admin, a.slug))).status).toBe(404);
    expect(await count()).toBe(1);
    expect(await db.inboundSubscription.count({ where: { workspaceId: b.workspace.id } })).toBe(0);
    const denied = await lastAudit(a.workspace.id, "authz.denied");
    expect(denied?.metadata).toMatchObject({ attempted: "webhook.manage" });
  });

  it("422: injected fields, a blank or long name, a non-object body", async () => {
    const { a, workflow } = await world();
    for (const body of [{ tokenId: "tok_x" }, { signingSecret: "whsec_mine" }, { workspaceId: "ws_x" }, { name: "" }, { name: "x".repeat(101) }, { name: 5 }, [], "nope"]) {
      const res = await createSubscription(a, workflow.id, body);
      expect(res.status, JSON.stringify(body)).toBe(422);
    }
    expect(await db.inboundSubscription.count({ where: { workspaceId: a.workspace.id } })).toBe(0);
    expect(await db.apiToken.count({ where: { workspaceId: a.workspace.id, kind: "automation" } })).toBe(0);
  });
});

describe("GET /v1/workflows/{id}/inbound and GET /v1/inbound-subscriptions/{id}", () => {
  it("lists newest first with cursor pages; 401/403/404; another tenant's id is 404", async () => {
    const { a, b, workflow, viewer, admin } = await world();
    const first = (await createSubscription(a, workflow.id, { name: "one" })).json as Created;
    const second = (await createSubscription(a, workflow.id, { name: "two" })).json as Created;
    const page1 = await call(listRoute, "/", { headers: admin, params: { id: workflow.id }, query: { limit: "1" } });
    expect(page1.json.data.map((s: Created) => s.name)).toEqual(["two"]);
    const page2 = await call(listRoute, "/", { headers: admin, params: { id: workflow.id }, query: { limit: "1", cursor: page1.json.nextCursor } });
    expect(page2.json).toMatchObject({ data: [{ id: first.id }], nextCursor: null });
    expect((await call(listRoute, "/", { headers: admin, params: { id: workflow.id }, query: { limit: "0" } })).status).toBe(422);
    expect((await call(listRoute, "/", { headers: { "x-tenant-id": a.slug, "x-project-id": "default" }, params: { id: workflow.id } })).status).toBe(401);
    expect((await call(listRoute, "/", { headers: inProject(viewer, a.slug), params: { id: workflow.id } })).status).toBe(403);
    expect((await call(listRoute, "/", { headers: inProject(b.owner, b.slug), params: { id: workflow.id } })).status).toBe(404);

    expect((await call(getRoute, "/", { headers: admin, params: { id: second.id } })).json).toMatchObject({ id: second.id, name: "two" });
    expect((await call(getRoute, "/", { headers: inProject(b.owner, b.slug), params: { id: second.id } })).status).toBe(404);
    expect((await call(getRoute, "/", { headers: inProject(a.admin, a.slug, a.other.slug), params: { id: second.id } })).status).toBe(404);
    expect((await call(getRoute, "/", { headers: inProject(viewer, a.slug), params: { id: second.id } })).status).toBe(403);
    expect((await call(getRoute, "/", { headers: admin, params: { id: "ibs_missing" } })).status).toBe(404);
  });
});

describe("PATCH /v1/inbound-subscriptions/{id}", () => {
  it("disables (deliveries → 401, no run) and re-enables; renames; audited", async () => {
    const { t: a, sub } = await inboundWorld();
    const admin = inProject(a.admin, a.slug);
    const off = await call(patchRoute, "/", { method: "PATCH", headers: admin, params: { id: sub.id }, body: { enabled: false } });
    expect(off.status).toBe(200);
    expect(off.json).toMatchObject({ enabled: false });
    expect((await deliver(sub, BODY)).status).toBe(401);
    expect(await lastAudit(a.workspace.id, "inbound_subscription.disable")).toMatchObject({ targetId: sub.id, before: expect.objectContaining({ enabled: true }), after: expect.objectContaining({ enabled: false }) });
    const on = await call(patchRoute, "/", { method: "PATCH", headers: admin, params: { id: sub.id }, body: { enabled: true, name: "renamed" } });
    expect(on.json).toMatchObject({ enabled: true, name: "renamed" });
    expect(await lastAudit(a.workspace.id, "inbound_subscription.enable")).toBeTruthy();
    expect((await deliver(sub, BODY)).status).toBe(202);
    const cleared = await call(patchRoute, "/", { method: "PATCH", headers: admin, params: { id: sub.id }, body: { name: null } });
    expect(cleared.json).toMatchObject({ name: null, enabled: true });
    expect(await lastAudit(a.workspace.id, "inbound_subscription.update")).toBeTruthy();
  });

  it("422 empty or injected body; 401; 403 contributor; 404 other tenant and other project, row unchanged", async () => {
    const { a, b, workflow, contributor, admin } = await world();
    const sub = (await createSubscription(a, workflow.id)).json as Created;
    const before = await rowOf(sub.id);
    const patch = (headers: Record<string, string>, body: unknown) => call(patchRoute, "/", { method: "PATCH", headers, params: { id: sub.id }, body });
    expect((await patch(admin, {})).status).toBe(422);
    expect((await patch(admin, { enabled: "no" })).status).toBe(422);
    expect((await patch(admin, { tokenId: "tok_other" })).status).toBe(422);
    expect((await patch(admin, { workflowId: "wf_other", enabled: false })).status).toBe(422);
    expect((await patch({ "x-tenant-id": a.slug, "x-project-id": "default" }, { enabled: false })).status).toBe(401);
    expect((await patch(inProject(contributor, a.slug), { enabled: false })).status).toBe(403);
    expect((await patch(inProject(b.owner, b.slug), { enabled: false })).status).toBe(404);
    expect((await patch(inProject(a.admin, a.slug, a.other.slug), { enabled: false })).status).toBe(404);
    expect(await rowOf(sub.id)).toEqual(before);
  });
});

describe("DELETE /v1/inbound-subscriptions/{id}", () => {
  it("204: the row and its log go, the token is revoked, audited; the next delivery is 401", async () => {
    const { t: a, sub } = await inboundWorld();
    expect((await deliver(sub, BODY)).status).toBe(202);
    const res = await call(deleteRoute, "/", { method: "DELETE", headers: inProject(a.admin, a.slug), params: { id: sub.id } });
    expect(res.status).toBe(204);
    expect(await rowOf(sub.id)).toBeNull();
    expect(await db.inboundDelivery.count({ where: { subscriptionId: sub.id } })).toBe(0);
    expect((await db.apiToken.findUniqueOrThrow({ where: { id: sub.tokenId } })).revokedAt).toBeInstanceOf(Date);
    expect(await lastAudit(a.workspace.id, "inbound_subscription.delete")).toMatchObject({ targetId: sub.id, metadata: expect.objectContaining({ revokedTokenId: sub.tokenId }) });
    expect((await deliver(sub, BODY)).status).toBe(401);
    expect((await call(deleteRoute, "/", { method: "DELETE", headers: inProject(a.admin, a.slug), params: { id: sub.id } })).status).toBe(404);
  });

  it("401; 403 viewer; 404 other tenant and other project — row and token unchanged", async () => {
    const { a, b, workflow, viewer } = await world();
    const sub = (await createSubscription(a, workflow.id)).json as Created;
    const del = (headers: Record<string, string>) => call(deleteRoute, "/", { method: "DELETE", headers, params: { id: sub.id } });
    expect((await del({ "x-tenant-id": a.slug, "x-project-id": "default" })).status).toBe(401);
    expect((await del(inProject(viewer, a.slug))).status).toBe(403);
    expect((await del(inProject(b.owner, b.slug))).status).toBe(404);
    expect((await del(inProject(a.admin, a.slug, a.other.slug))).status).toBe(404);
    expect(await rowOf(sub.id)).not.toBeNull();
    expect((await db.apiToken.findUniqueOrThrow({ where: { id: sub.tokenId } })).revokedAt).toBeNull();
  });
});

describe("POST /v1/inbound-subscriptions/{id}/rotate-secret", () => {
  it("returns a new secret once; the old one stops verifying, the new one works; audited without either", async () => {
    const { t: a, sub } = await inboundWorld();
    const res = await call(rotateRoute, "/", { method: "POST", headers: inProject(a.admin, a.slug), params: { id: sub.id } });
    expect(res.status).toBe(200);
    const next = res.json.signingSecret as string;
    expect(next).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);
    expect(next).not.toBe(sub.signingSecret);
    expect(res.json).toMatchObject({ id: sub.id, secretHint: `…${next.slice(-4)}` });
    expect(res.json).not.toHaveProperty("token");
    expect((await deliver(sub, BODY)).status).toBe(401);
    expect((await deliver({ ...sub, signingSecret: next }, BODY)).status).toBe(202);
    const audit = JSON.stringify(await lastAudit(a.workspace.id, "inbound_subscription.rotate_secret"));
    expect(audit).toContain(sub.id);
    for (const s of [sub.signingSecret, next]) expect(audit).not.toContain(s);
    const read = await call(getRoute, "/", { headers: inProject(a.admin, a.slug), params: { id: sub.id } });
    expect(read.text).not.toContain(next);
  });

  it("401; 403 contributor; 404 other tenant and other project — the secret is unchanged", async () => {
    const { a, b, workflow, contributor } = await world();
    const sub = (await createSubscription(a, workflow.id)).json as Created;
    const before = await rowOf(sub.id);
    const rotate = (headers: Record<string, string>) => call(rotateRoute, "/", { method: "POST", headers, params: { id: sub.id } });
    expect((await rotate({ "x-tenant-id": a.slug, "x-project-id": "default" })).status).toBe(401);
    expect((await rotate(inProject(contributor, a.slug))).status).toBe(403);
    expect((await rotate(inProject(b.owner, b.slug))).status).toBe(404);
    expect((await rotate(inProject(a.admin, a.slug, a.other.slug))).status).toBe(404);
    expect(await rowOf(sub.id)).toEqual(before);
  });
});

describe("GET /v1/inbound-subscriptions/{id}/deliveries", () => {
  it("the log newest first with runs and reasons, paged; 401/403/404/422", async () => {
    const { t: a, sub } = await inboundWorld();
    const b = await tenant();
    const viewer = await joinAs(a, "member", { projectId: a.project.id, role: "project_viewer" });
    const ok = await deliver(sub, BODY, { idempotencyKey: "k-1" });
    await deliver(sub, BODY, { signature: null });
    const headers = inProject(a.admin, a.slug);
    const all = await call(deliveriesRoute, "/", { headers, params: { id: sub.id } });
    expect(all.status).toBe(200);
    expect(all.json.data).toEqual([
      expect.objectContaining({ status: 401, reason: "bad_signature", runId: null, idempotencyKey: null }),
      expect.objectContaining({ status: 202, reason: "accepted", runId: ok.json.runId, idempotencyKey: "k-1" }),
    ]);
    expect(all.text).not.toContain(sub.token);
    expect(all.text).not.toContain(sub.signingSecret);
    const page = await call(deliveriesRoute, "/", { headers, params: { id: sub.id }, query: { limit: "1" } });
    expect(page.json.data).toHaveLength(1);
    expect(page.json.nextCursor).toBe(page.json.data[0].id);
    expect((await call(deliveriesRoute, "/", { headers, params: { id: sub.id }, query: { limit: "x" } })).status).toBe(422);
    expect((await call(deliveriesRoute, "/", { headers: { "x-tenant-id": a.slug, "x-project-id": "default" }, params: { id: sub.id } })).status).toBe(401);
    expect((await call(deliveriesRoute, "/", { headers: inProject(viewer, a.slug), params: { id: sub.id } })).status).toBe(403);
    expect((await call(deliveriesRoute, "/", { headers: inProject(b.owner, b.slug), params: { id: sub.id } })).status).toBe(404);
  });
});
