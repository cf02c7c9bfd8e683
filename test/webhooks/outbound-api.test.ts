import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as listRoute, POST as createRoute } from "@/app/v1/webhooks/route";
import { DELETE as deleteRoute, GET as getRoute, PATCH as patchRoute } from "@/app/v1/webhooks/[id]/route";
import { POST as rotateRoute } from "@/app/v1/webhooks/[id]/rotate-secret/route";
import { GET as deliveriesRoute } from "@/app/v1/webhooks/[id]/deliveries/route";
import { POST as redeliverRoute } from "@/app/v1/webhooks/[id]/deliveries/[deliveryId]/redeliver/route";
import { POST as testRoute } from "@/app/v1/webhooks/[id]/test/route";
import { db } from "@/lib/db/client";
import { setLogSink } from "@/lib/core/logger";
import { asToken, call, inProject } from "@/test/support/http";
import { lastAudit, teamWorld } from "@/test/support/world";
import { rawEndpoint, setWebhookEnv, startReceiver, type Receiver } from "./outbound-receiver";

let receiver: Receiver;
let restoreEnv: () => void;
const logs: string[] = [];
beforeAll(async () => {
  receiver = await startReceiver();
  restoreEnv = setWebhookEnv({ EGRESS_ALLOWED_HOSTS: "127.0.0.1", EGRESS_ALLOW_PRIVATE_NETWORKS: undefined, WEBHOOK_ALLOW_HTTP: undefined, WEBHOOK_TIMEOUT_MS: "2000" });
  setLogSink((line) => logs.push(line));
});
afterAll(async () => {
  setLogSink(null);
  restoreEnv();
  await receiver.close();
});

const body = (extra: Record<string, unknown> = {}) => ({ url: receiver.url, description: "orders", events: ["run.succeeded", "run.failed"], ...extra });
const create = (headers: Record<string, string>, b: unknown = body()) => call(createRoute, "/v1/webhooks", { method: "POST", headers, body: b });

const world = () => teamWorld();

describe("POST /v1/webhooks", () => {
  it("201 with the secret once; stored sealed; audited without it; GET/list never show it", async () => {
    const { a, admin } = await world();
    const res = await create(admin);
    expect(res.status).toBe(201);
    const secret: string = res.json.secret;
    expect(secret).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);
    expect(res.json).toMatchObject({ url: receiver.url, description: "orders", events: ["run.succeeded", "run.failed"], enabled: true, secretHint: `whsec_…${secret.slice(-4)}` });
    const row = await rawEndpoint(res.json.id);
    expect(row?.projectId).toBe(a.project.id);
    expect(Buffer.from(row!.secret).toString("latin1")).not.toContain(secret.slice(6));
    const audit = await lastAudit(a.workspace.id, "webhook.create");
    expect(audit).toMatchObject({ targetId: res.json.id, actorId: a.admin.id, projectId: a.project.id });
    const get = await call(getRoute, "/", { headers: admin, params: { id: res.json.id } });
    const list = await call(listRoute, "/v1/webhooks", { headers: admin });
    expect(get.status).toBe(200);
    expect(list.json.data.map((w: { id: string }) => w.id)).toEqual([res.json.id]);
    for (const text of [get.text, list.text, JSON.stringify(audit), logs.join("\n")]) expect(text).not.toContain(secret.slice(6));
    expect(get.json.secret).toBeUndefined();
  });

  it("a project admin may; 401 anonymous; 403 viewer, contributor, read-only token; 404 another tenant; nothing created", async () => {
    const { a, b, viewer, contributor, projectAdmin } = await world();
    expect((await create(inProject(projectAdmin, a.slug))).status).toBe(201);
    expect((await create({ "x-tenant-id": a.slug, "x-project-id": "default" })).status).toBe(401);
    expect((await create(inProject(viewer, a.slug))).status).toBe(403);
    expect((await create(inProject(contributor, a.slug))).status).toBe(403);
    const readOnly = await asToken(a.owner, a.workspace.id, { scopes: ["workflow:read", "workflow:run"], slug: a.slug });
    expect((await create({ ...readOnly, "x-project-id": "default" })).status).toBe(403);
    expect((await create(inProject(b.owner, a.slug))).status).toBe(404);
    expect(await db.webhookEndpoint.count({ where: { workspaceId: a.workspace.id } })).toBe(1);
    const admin = await asToken(a.owner, a.workspace.id, { scopes: ["projects:admin"], slug: a.slug });
    expect((await create({ ...admin, "x-project-id": "default" })).status).toBe(201);
  });

  it("422: bad URL, ftp, credentials in the URL, no events, unknown or repeated events, injected fields, plain http to a host not allowed", async () => {
    const { a, admin } = await world();
    const bad = [
      body({ url: "not a url" }),
      body({ url: "ftp://127.0.0.1/x" }),
      body({ url: `http://user:pw@127.0.0.1:${receiver.port}/` }),
      body({ events: [] }),
      body({ events: ["run.exploded"] }),
      body({ events: ["run.failed", "run.failed"] }),
      body({ workspaceId: "ws_other", secret: "whsec_mine" }),
      body({ url: "http://93.184.215.14/hook" }),
      { events: ["run.failed"] },
    ];
    for (const b of bad) {
      const res = await create(admin, b);
      expect(res.status, JSON.stringify(b)).toBe(422);
    }
    expect(await db.webhookEndpoint.count({ where: { workspaceId: a.workspace.id } })).toBe(0);
  });
});

describe("/v1/webhooks/{id}", () => {
  it("PATCH changes events, description, enabled; audited with before/after", async () => {
    const { a, admin } = await world();
    const { json: w } = await create(admin);
    const res = await call(patchRoute, "/", { method: "PATCH", headers: admin, params: { id: w.id }, body: { events: ["approval.requested"], description: null, enabled: false } });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ events: ["approval.requested"], description: null, enabled: false });
    const audit = await lastAudit(a.workspace.id, "webhook.update");
    expect(audit?.before).toMatchObject({ enabled: true });
    expect(audit?.after).toMatchObject({ enabled: false, events: ["approval.requested"] });
    expect(JSON.stringify(audit)).not.toContain(w.secret.slice(6));
  });

  it("enabling an endpoint the platform disabled clears the reason and the failure streak", async () => {
    const { admin } = await world();
    const { json: w } = await create(admin);
    await db.webhookEndpoint.update({ where: { id: w.id }, data: { enabled: false, disabledReason: "Disabled automatically", failingSince: new Date(0) } });
    const res = await call(patchRoute, "/", { method: "PATCH", headers: admin, params: { id: w.id }, body: { enabled: true } });
    expect(res.json).toMatchObject({ enabled: true, disabledReason: null, failingSince: null });
  });

  it("422 on an empty or invalid patch; 404 for another project's or tenant's id, row unchanged", async () => {
    const { a, b, admin } = await world();
    const { json: w } = await create(admin);
    for (const patch of [{}, { enabled: "yes" }, { events: [] }, { url: "javascript:alert(1)" }, { secret: "whsec_x" }]) {
      expect((await call(patchRoute, "/", { method: "PATCH", headers: admin, params: { id: w.id }, body: patch })).status, JSON.stringify(patch)).toBe(422);
    }
    const before = await rawEndpoint(w.id);
    const foreign = inProject(b.owner, b.slug);
    expect((await call(getRoute, "/", { headers: foreign, params: { id: w.id } })).status).toBe(404);
    expect((await call(patchRoute, "/", { method: "PATCH", headers: foreign, params: { id: w.id }, body: { enabled: false } })).status).toBe(404);
    expect((await call(deleteRoute, "/", { method: "DELETE", headers: foreign, params: { id: w.id } })).status).toBe(404);
    expect((await call(rotateRoute, "/", { method: "POST", headers: foreign, params: { id: w.id } })).status).toBe(404);
    expect((await call(deliveriesRoute, "/", { headers: foreign, params: { id: w.id } })).status).toBe(404);
    expect((await call(testRoute, "/", { method: "POST", headers: foreign, params: { id: w.id } })).status).toBe(404);
    const otherProject = inProject(a.admin, a.slug, a.other.slug);
    expect((await call(getRoute, "/", { headers: otherProject, params: { id: w.id } })).status).toBe(404);
    expect(await rawEndpoint(w.id)).toEqual(before);
    expect(receiver.received.filter((r) => r.json?.type === "webhook.test")).toHaveLength(0);
  });

  it("DELETE removes the endpoint and its log: 204, then 404; 403 for a contributor", async () => {
    const { a, admin, contributor } = await world();
    const { json: w } = await create(admin);
    expect((await call(deleteRoute, "/", { method: "DELETE", headers: inProject(contributor, a.slug), params: { id: w.id } })).status).toBe(403);
    expect((await call(deleteRoute, "/", { method: "DELETE", headers: admin, params: { id: w.id } })).status).toBe(204);
    expect((await call(getRoute, "/", { headers: admin, params: { id: w.id } })).status).toBe(404);
    expect(await lastAudit(a.workspace.id, "webhook.delete")).toMatchObject({ targetId: w.id });
  });
});

describe("rotate-secret, test events, deliveries, redeliver", () => {
  it("rotate returns a new secret once and opens the grace window; 422 on a bad grace; 401/403", async () => {
    const { a, admin, contributor } = await world();
    const { json: w } = await create(admin);
    const res = await call(rotateRoute, "/", { method: "POST", headers: admin, params: { id: w.id }, body: { graceSeconds: 600 } });
    expect(res.status).toBe(200);
    expect(res.json.secret).toMatch(/^whsec_/);
    expect(res.json.secret).not.toBe(w.secret);
    const expires = Date.parse(res.json.previousSecretExpiresAt);
    expect(expires - Date.now()).toBeGreaterThan(590_000);
    expect(expires - Date.now()).toBeLessThan(610_000);
    const audit = await lastAudit(a.workspace.id, "webhook.rotate_secret");
    expect(audit?.metadata).toMatchObject({ graceSeconds: 600 });
    const get = await call(getRoute, "/", { headers: admin, params: { id: w.id } });
    for (const text of [get.text, JSON.stringify(audit), logs.join("\n")]) {
      expect(text).not.toContain(res.json.secret.slice(6));
      expect(text).not.toContain(w.secret.slice(6));
    }
    for (const grace of [-1, 1.5, "60", 10 ** 9]) {
      expect((await call(rotateRoute, "/", { method: "POST", headers: admin, params: { id: w.id }, body: { graceSeconds: grace } })).status).toBe(422);
    }
    expect((await call(rotateRoute, "/", { method: "POST", headers: inProject(contributor, a.slug), params: { id: w.id } })).status).toBe(403);
    expect((await call(rotateRoute, "/", { method: "POST", headers: { "x-tenant-id": a.slug, "x-project-id": "default" }, params: { id: w.id } })).status).toBe(401);
  });

  it("a test event is delivered signed, logged, listed; redeliver sends it again as a manual attempt", async () => {
    const { a, b, admin } = await world();
    const { json: w } = await create(admin);
    receiver.secrets = [w.secret];
    const seen = receiver.received.length;
    const sent = await call(testRoute, "/", { method: "POST", headers: admin, params: { id: w.id } });
    expect(sent.status).toBe(201);
    expect(sent.json.delivery).toMatchObject({ eventType: "webhook.test", status: "succeeded", lastStatusCode: 200 });
    expect(sent.json.attempt).toMatchObject({ attempt: 1, manual: true, statusCode: 200, error: null });
    expect(receiver.received.length).toBe(seen + 1);
    expect(receiver.received.at(-1)!.verdict.ok).toBe(true);

    const list = await call(deliveriesRoute, "/", { headers: admin, params: { id: w.id } });
    expect(list.status).toBe(200);
    expect(list.json.data).toHaveLength(1);
    expect(list.json.data[0].attemptLog).toHaveLength(1);
    expect((await call(deliveriesRoute, "/", { headers: admin, params: { id: w.id }, query: { status: "failed" } })).json.data).toHaveLength(0);
    expect((await call(deliveriesRoute, "/", { headers: admin, params: { id: w.id }, query: { status: "lost" } })).status).toBe(422);

    const deliveryId = sent.json.delivery.id;
    const again = await call(redeliverRoute, "/", { method: "POST", headers: admin, params: { id: w.id, deliveryId } });
    expect(again.status).toBe(200);
    expect(again.json.attempt).toMatchObject({ attempt: 2, manual: true, statusCode: 200 });
    expect(again.json.delivery.attemptLog).toHaveLength(2);
    const [first, second] = receiver.received.slice(-2);
    expect(second.headers["x-agentruntime-event-id"]).toBe(first.headers["x-agentruntime-event-id"]);
    expect(second.body).toBe(first.body);
    expect(await lastAudit(a.workspace.id, "webhook.redeliver")).toMatchObject({ targetId: w.id });

    expect((await call(redeliverRoute, "/", { method: "POST", headers: admin, params: { id: w.id, deliveryId: "whd_missing" } })).status).toBe(404);
    expect((await call(redeliverRoute, "/", { method: "POST", headers: inProject(b.owner, b.slug), params: { id: w.id, deliveryId } })).status).toBe(404);
    const { json: other } = await create(admin);
    expect((await call(redeliverRoute, "/", { method: "POST", headers: admin, params: { id: other.id, deliveryId } })).status).toBe(404);
    expect(receiver.received.length).toBe(seen + 2);
  });
});
