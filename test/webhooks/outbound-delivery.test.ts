// Outbound deliveries end to end against a receiver on 127.0.0.1 that checks every request
// with the published helper: publishing, the dispatch at the commit, the sweeper and the pg-boss worker, the wire
// format, rotation states, retries with backoff (an injected clock, no sleeping), leases,
// and the connection.needs_reconnect event.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST as createRoute } from "@/app/v1/webhooks/route";
import { POST as rotateRoute } from "@/app/v1/webhooks/[id]/rotate-secret/route";
import { POST as redeliverRoute } from "@/app/v1/webhooks/[id]/deliveries/[deliveryId]/redeliver/route";
import { getOAuthAccessToken, OAuthReconnectRequiredError } from "@/lib/connections/oauth";
import { db } from "@/lib/db/client";
import { setLogSink } from "@/lib/core/logger";
import { configureBossAsWorker, getBoss, stopBoss } from "@/lib/queue/boss";
import { attemptDelivery } from "@/lib/webhooks/attempt-delivery";
import { registerWebhookWorker } from "@/lib/webhooks/delivery-worker";
import { publishEvent, type WebhookEventType } from "@/lib/webhooks/publish-event";
import { claimDueDeliveries } from "@/lib/webhooks/sweep";
import { parseSignatureHeader, verifyWebhook } from "@/lib/webhooks/verify";
import { connect, scopeOf, startProviders } from "@/test/connections/oauth/helpers";
import { call } from "@/test/support/http";
import { tenant, type Tenant } from "@/test/support/world";
import { setWebhookEnv, startReceiver, type Receiver } from "./outbound-receiver";

let receiver: Receiver;
let restoreEnv: () => void;
beforeAll(async () => {
  receiver = await startReceiver();
  restoreEnv = setWebhookEnv({ EGRESS_ALLOWED_HOSTS: "127.0.0.1", WEBHOOK_TIMEOUT_MS: "2000", WEBHOOK_SWEEP_INTERVAL_MS: "200", WEBHOOK_MAX_ATTEMPTS: undefined, WEBHOOK_RETRY_BASE_SECONDS: undefined });
});
afterAll(async () => {
  restoreEnv();
  await receiver.close();
});

const headersOf = (t: Tenant) => ({ cookie: t.admin.cookie, "x-tenant-id": t.slug, "x-project-id": t.project.slug });

async function endpoint(t: Tenant, events: WebhookEventType[] = ["run.succeeded"], url = receiver.url) {
  const res = await call(createRoute, "/v1/webhooks", { method: "POST", headers: headersOf(t), body: { url, events } });
  expect(res.status).toBe(201);
  return res.json as { id: string; secret: string };
}

function publish(t: Tenant, type: WebhookEventType = "run.succeeded", data: Record<string, unknown> = { runId: "run_test" }, projectId = t.project.id) {
  return db.$transaction((tx) => publishEvent(tx, { workspaceId: t.workspace.id, projectId, type, data }));
}

const deliveryRow = (id: string) => db.webhookDelivery.findUniqueOrThrow({ where: { id }, include: { attemptRows: { orderBy: { id: "asc" } } } });
const lastReceived = () => receiver.received.at(-1)!;

describe("publishing", () => {
  it("creates one delivery per subscribed, enabled endpoint of the project, none elsewhere", async () => {
    const t = await tenant();
    const a = await endpoint(t, ["run.succeeded", "run.failed"]);
    const b = await endpoint(t, ["run.failed"]);
    const c = await endpoint(t, ["run.succeeded"]);
    await db.webhookEndpoint.update({ where: { id: c.id }, data: { enabled: false } });
    const { eventId, deliveryIds } = await publish(t);
    expect(eventId).toMatch(/^evt_/);
    const rows = await db.webhookDelivery.findMany({ where: { id: { in: deliveryIds } } });
    expect(rows.map((r) => r.endpointId)).toEqual([a.id]);
    expect(rows[0]).toMatchObject({ status: "pending", attempts: 0, eventType: "run.succeeded", eventId });
    expect((await publish(t, "run.succeeded", {}, t.other.id)).deliveryIds).toEqual([]);
    expect(b.id).toBeTruthy();
  });
});

describe("the worker: sweeper + pg-boss queue", () => {
  it("delivers a published event within seconds of the commit, signed, in the documented format", async () => {
    const t = await tenant();
    const ep = await endpoint(t);
    receiver.secrets = [ep.secret];
    const logs: string[] = [];
    setLogSink((line) => logs.push(line));
    configureBossAsWorker();
    const boss = await getBoss();
    await registerWebhookWorker(boss);
    try {
      const { eventId, deliveryIds } = await publish(t, "run.succeeded", { runId: "run_abc", status: "succeeded" });
      const deadline = Date.now() + 15_000;
      while ((await deliveryRow(deliveryIds[0])).status === "pending" && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
      const row = await deliveryRow(deliveryIds[0]);
      expect(row).toMatchObject({ status: "succeeded", attempts: 1, lastStatusCode: 200, nextAttemptAt: null });
      expect(row.attemptRows).toHaveLength(1);
      const mine = receiver.received.filter((r) => r.json?.id === eventId);
      expect(mine).toHaveLength(1);
      const got = mine[0];
      expect(got.verdict.ok).toBe(true);
      expect(got.headers["content-type"]).toBe("application/json");
      expect(got.headers["x-agentruntime-event-id"]).toBe(eventId);
      expect(Math.abs(Number(got.headers["x-agentruntime-timestamp"]) - Date.now() / 1000)).toBeLessThan(30);
      expect(got.headers["x-agentruntime-signature"]).toMatch(/^v1=[0-9a-f]{64}$/);
      expect(Object.keys(got.json!)).toEqual(["id", "type", "createdAt", "data"]);
      expect(got.json).toMatchObject({ id: eventId, type: "run.succeeded", data: { runId: "run_abc", status: "succeeded" } });

      // The secret is nowhere but in the vault: not in job payloads, delivery rows, attempt rows or logs.
      const jobs = await db.$queryRaw<{ data: string }[]>`SELECT data::text AS data FROM pgboss.job WHERE name = 'webhook-delivery'`;
      expect(jobs.length).toBeGreaterThan(0);
      const stored = JSON.stringify([jobs, row, await db.webhookAttempt.findMany({ where: { deliveryId: row.id } })]);
      for (const text of [stored, logs.join("\n")]) expect(text).not.toContain(ep.secret.slice(6));
    } finally {
      setLogSink(null);
      await stopBoss({ graceful: true, timeoutMs: 5000 });
    }
  });
});

describe("dispatch at the commit", () => {
  // The periodic sweep is put out of reach: only the announcement in the publishing
  // transaction can get these deliveries out within the test's deadline.
  const waitFor = async (cond: () => boolean | Promise<boolean>, ms: number) => {
    const deadline = Date.now() + ms;
    while (!(await cond()) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
  };

  it("makes the first attempt right after the commit, without waiting for a sweep", async () => {
    const t = await tenant();
    const ep = await endpoint(t);
    receiver.secrets = [ep.secret];
    const restore = setWebhookEnv({ WEBHOOK_SWEEP_INTERVAL_MS: "600000" });
    configureBossAsWorker();
    await registerWebhookWorker(await getBoss());
    try {
      const latencies: number[] = [];
      for (let i = 0; i < 5; i++) {
        const committedAt = Date.now();
        const { eventId, deliveryIds } = await publish(t);
        await waitFor(() => receiver.received.some((r) => r.json?.id === eventId), 10_000);
        const got = receiver.received.filter((r) => r.json?.id === eventId);
        expect(got).toHaveLength(1);
        expect(got[0].verdict.ok).toBe(true);
        latencies.push(got[0].at - committedAt);
        await waitFor(async () => (await deliveryRow(deliveryIds[0])).status !== "pending", 5_000);
        expect(await deliveryRow(deliveryIds[0])).toMatchObject({ status: "succeeded", attempts: 1 });
      }
      // Far below the sweep interval; the figure itself is measured by `npm run bench:scale`.
      expect(Math.max(...latencies)).toBeLessThan(10_000);
    } finally {
      restore();
      await stopBoss({ graceful: true, timeoutMs: 5000 });
    }
  });

  it("a rolled-back publication announces and sends nothing", async () => {
    const t = await tenant();
    const ep = await endpoint(t);
    receiver.secrets = [ep.secret];
    const restore = setWebhookEnv({ WEBHOOK_SWEEP_INTERVAL_MS: "600000" });
    configureBossAsWorker();
    await registerWebhookWorker(await getBoss());
    try {
      let eventId = "";
      await expect(
        db.$transaction(async (tx) => {
          eventId = (await publishEvent(tx, { workspaceId: t.workspace.id, projectId: t.project.id, type: "run.succeeded", data: {} })).eventId;
          throw new Error("rolled back");
        }),
      ).rejects.toThrow("rolled back");
      // A committed event after it goes out; the rolled-back one never does.
      const { eventId: later } = await publish(t);
      await waitFor(() => receiver.received.some((r) => r.json?.id === later), 10_000);
      expect(receiver.received.some((r) => r.json?.id === later)).toBe(true);
      expect(receiver.received.some((r) => r.json?.id === eventId)).toBe(false);
      expect(await db.webhookDelivery.count({ where: { eventId } })).toBe(0);
    } finally {
      restore();
      await stopBoss({ graceful: true, timeoutMs: 5000 });
    }
  });

  it("the periodic sweep still sends a delivery nobody announced", async () => {
    const t = await tenant();
    const ep = await endpoint(t);
    receiver.secrets = [ep.secret];
    configureBossAsWorker();
    await registerWebhookWorker(await getBoss());
    try {
      // Written without the announcement, as if the notification had been lost.
      const eventId = "evt_unannounced" + Date.now();
      const payload = { id: eventId, type: "run.succeeded", createdAt: new Date().toISOString(), data: {} };
      const row = await db.webhookDelivery.create({
        data: { id: `whd_unannounced${Date.now()}`, workspaceId: t.workspace.id, projectId: t.project.id, endpointId: ep.id, eventId, eventType: "run.succeeded", payload, nextAttemptAt: new Date() },
      });
      await waitFor(async () => (await deliveryRow(row.id)).status !== "pending", 10_000);
      expect(await deliveryRow(row.id)).toMatchObject({ status: "succeeded", attempts: 1 });
      expect(receiver.received.filter((r) => r.json?.id === eventId)).toHaveLength(1);
    } finally {
      await stopBoss({ graceful: true, timeoutMs: 5000 });
    }
  });
});

describe("signatures across a secret rotation", () => {
  it("before: one signature; inside the grace window: new and old; after it: the old one alone is rejected", async () => {
    const t = await tenant();
    const ep = await endpoint(t);
    const deliverOnce = async () => {
      const { deliveryIds } = await publish(t);
      expect(await attemptDelivery(deliveryIds[0], 1)).toBe("succeeded");
      return lastReceived();
    };
    const check = (got: { body: string; headers: Record<string, unknown> }, secret: string) => verifyWebhook({ secret, body: got.body, headers: got.headers as Record<string, string> }).ok;

    const before = await deliverOnce();
    expect(parseSignatureHeader(String(before.headers["x-agentruntime-signature"]))).toHaveLength(1);
    expect(check(before, ep.secret)).toBe(true);

    const rotated = await call(rotateRoute, "/", { method: "POST", headers: headersOf(t), params: { id: ep.id }, body: { graceSeconds: 3600 } });
    const next: string = rotated.json.secret;
    const inside = await deliverOnce();
    const header = String(inside.headers["x-agentruntime-signature"]);
    expect(header).toMatch(/^v1=[0-9a-f]{64},v1=[0-9a-f]{64}$/);
    expect(check(inside, next)).toBe(true);
    expect(check(inside, ep.secret)).toBe(true);

    // The window closes (as it would an hour later).
    await db.webhookEndpoint.update({ where: { id: ep.id }, data: { previousSecretExpiresAt: new Date(Date.now() - 1) } });
    const after = await deliverOnce();
    expect(parseSignatureHeader(String(after.headers["x-agentruntime-signature"]))).toHaveLength(1);
    expect(check(after, next)).toBe(true);
    expect(check(after, ep.secret)).toBe(false);
  });

  it("a rotation with graceSeconds 0 signs with the new secret only, at once", async () => {
    const t = await tenant();
    const ep = await endpoint(t);
    const rotated = await call(rotateRoute, "/", { method: "POST", headers: headersOf(t), params: { id: ep.id }, body: { graceSeconds: 0 } });
    expect(rotated.json.previousSecretExpiresAt).toBeNull();
    const { deliveryIds } = await publish(t);
    await attemptDelivery(deliveryIds[0], 1);
    const got = lastReceived();
    expect(verifyWebhook({ secret: rotated.json.secret, body: got.body, headers: got.headers as Record<string, string> }).ok).toBe(true);
    expect(verifyWebhook({ secret: ep.secret, body: got.body, headers: got.headers as Record<string, string> }).ok).toBe(false);
  });
});

describe("retries", () => {
  it("failed attempts are rescheduled with full-jitter backoff (injected clock and random), then failed after the last attempt", async () => {
    const t = await tenant();
    const ep = await endpoint(t);
    receiver.secrets = [ep.secret];
    receiver.behave({ status: 503, body: "upstream down\n\u0007 <html>" + "x".repeat(500) });
    const restore = setWebhookEnv({ WEBHOOK_MAX_ATTEMPTS: "3" });
    try {
      const { deliveryIds } = await publish(t);
      const id = deliveryIds[0];
      const t0 = Date.now();
      const at = (s: number) => () => new Date(t0 + s * 1000);
      const half = () => 0.5;

      expect(await attemptDelivery(id, 1, { now: at(0), random: half })).toBe("retry_scheduled");
      let row = await deliveryRow(id);
      expect(row).toMatchObject({ status: "pending", attempts: 1, lastStatusCode: 503 });
      expect(row.nextAttemptAt!.getTime()).toBe(t0 + 30_000); // 0.5 × 60 s
      expect(row.lastError).toMatch(/^HTTP 503: upstream down/);
      expect(row.lastError!.length).toBeLessThan(230);
      expect(row.lastError).not.toMatch(/[\u0000-\u001f]/);

      // Not due yet at +29 s; due at +31 s, handed out once (leased), as attempt 2.
      expect(await claimDueDeliveries({ now: new Date(t0 + 29_000) })).not.toContainEqual(expect.objectContaining({ deliveryId: id }));
      expect(await claimDueDeliveries({ now: new Date(t0 + 31_000) })).toContainEqual({ deliveryId: id, attempt: 2 });
      expect(await claimDueDeliveries({ now: new Date(t0 + 32_000) })).not.toContainEqual(expect.objectContaining({ deliveryId: id }));

      expect(await attemptDelivery(id, 2, { now: at(31), random: half })).toBe("retry_scheduled");
      expect(await attemptDelivery(id, 2, { now: at(31), random: half })).toBe("skipped"); // a duplicate job
      row = await deliveryRow(id);
      expect(row.nextAttemptAt!.getTime()).toBe(t0 + 31_000 + 60_000); // 0.5 × 120 s

      expect(await attemptDelivery(id, 3, { now: at(91), random: half })).toBe("failed");
      row = await deliveryRow(id);
      expect(row).toMatchObject({ status: "failed", attempts: 3, nextAttemptAt: null });
      expect(row.attemptRows.map((a) => [a.attempt, a.statusCode, a.manual])).toEqual([
        [1, 503, false],
        [2, 503, false],
        [3, 503, false],
      ]);
      expect(receiver.received.slice(-3).every((r) => r.verdict.ok)).toBe(true);

      // Redelivering the failed delivery once the endpoint works settles it.
      receiver.behave({ status: 204 });
      const again = await call(redeliverRoute, "/", { method: "POST", headers: headersOf(t), params: { id: ep.id, deliveryId: id } });
      expect(again.json.delivery).toMatchObject({ status: "succeeded", attempts: 3, lastStatusCode: 204 });
      expect(again.json.attempt).toMatchObject({ attempt: 4, manual: true });
    } finally {
      restore();
      receiver.behave({ status: 200 });
    }
  });

  it("an attempt whose worker died is handed out again once its lease runs out", async () => {
    const t = await tenant();
    await endpoint(t);
    const { deliveryIds } = await publish(t);
    const now = new Date(Date.now() + 1000);
    expect(await claimDueDeliveries({ now })).toContainEqual({ deliveryId: deliveryIds[0], attempt: 1 });
    // The claimed job never runs (the worker was killed): nothing is due until the lease ends.
    expect(await claimDueDeliveries({ now: new Date(now.getTime() + 60_000) })).not.toContainEqual(expect.objectContaining({ deliveryId: deliveryIds[0] }));
    expect(await claimDueDeliveries({ now: new Date(now.getTime() + 2000 + 61_000) })).toContainEqual({ deliveryId: deliveryIds[0], attempt: 1 });
  });

  it("a deleted project's pending deliveries are never handed out", async () => {
    const t = await tenant();
    const res = await call(createRoute, "/v1/webhooks", { method: "POST", headers: { ...headersOf(t), "x-project-id": t.other.slug }, body: { url: receiver.url, events: ["run.failed"] } });
    expect(res.status).toBe(201);
    const { deliveryIds } = await publish(t, "run.failed", {}, t.other.id);
    expect(deliveryIds).toHaveLength(1);
    await db.project.delete({ where: { id: t.other.id } });
    expect(await claimDueDeliveries({ now: new Date(Date.now() + 1000) })).not.toContainEqual(expect.objectContaining({ deliveryId: deliveryIds[0] }));
  });

  it("a success clears the endpoint's failure streak", async () => {
    const t = await tenant();
    const ep = await endpoint(t);
    receiver.behave({ status: 500 });
    await attemptDelivery((await publish(t)).deliveryIds[0], 1);
    expect((await db.webhookEndpoint.findUniqueOrThrow({ where: { id: ep.id } })).failingSince).not.toBeNull();
    receiver.behave({ status: 200 });
    await attemptDelivery((await publish(t)).deliveryIds[0], 1);
    expect((await db.webhookEndpoint.findUniqueOrThrow({ where: { id: ep.id } })).failingSince).toBeNull();
  });
});

describe("connection.needs_reconnect", () => {
  it("a revoked OAuth grant publishes the event to subscribed endpoints", async () => {
    const providers = await startProviders();
    try {
      const t = await tenant();
      const ep = await endpoint(t, ["connection.needs_reconnect"]);
      receiver.secrets = [ep.secret];
      const id = await connect("google", t.admin, t);
      providers.fake.state.failRefresh = "invalid_grant";
      await db.connection.update({ where: { id }, data: { accessTokenExpiresAt: new Date(Date.now() - 1000) } });
      await expect(getOAuthAccessToken(scopeOf(t), id)).rejects.toBeInstanceOf(OAuthReconnectRequiredError);
      const delivery = await db.webhookDelivery.findFirstOrThrow({ where: { endpointId: ep.id } });
      expect(delivery.eventType).toBe("connection.needs_reconnect");
      expect(await attemptDelivery(delivery.id, 1)).toBe("succeeded");
      expect(lastReceived().verdict.ok).toBe(true);
      expect(lastReceived().json).toMatchObject({ type: "connection.needs_reconnect", data: { connectionId: id, provider: "google", reason: expect.stringMatching(/invalid_grant/) } });
    } finally {
      await providers.stop();
    }
  });
});
