// An endpoint failing continuously for 3 days (an injected clock, no waiting) is disabled,
// audited, and the people who can fix it are mailed; a success in between resets the streak.
import { mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST as createRoute } from "@/app/v1/webhooks/route";
import { db } from "@/lib/db/client";
import { attemptDelivery } from "@/lib/webhooks/attempt-delivery";
import { publishEvent } from "@/lib/webhooks/publish-event";
import { claimDueDeliveries } from "@/lib/webhooks/sweep";
import { call } from "@/test/support/http";
import { joinAs, lastAudit, tenant, type Tenant } from "@/test/support/world";
import { setWebhookEnv, startReceiver, type Receiver } from "./outbound-receiver";
import { settleMail, startMailWorker } from "@/test/support/mail";

const DAY = 24 * 60 * 60 * 1000;
let receiver: Receiver;
let restoreEnv: () => void;
let outbox: string;
let mailWorker: Awaited<ReturnType<typeof startMailWorker>>;
beforeAll(async () => {
  mailWorker = await startMailWorker();
  receiver = await startReceiver();
  outbox = mkdtempSync(path.join(tmpdir(), "ar-webhook-mail-"));
  restoreEnv = setWebhookEnv({ EGRESS_ALLOWED_HOSTS: "127.0.0.1", WEBHOOK_DISABLE_AFTER_SECONDS: undefined, MAIL_OUTBOX_DIR: outbox, SMTP_URL: undefined });
});
afterAll(async () => {
  await mailWorker.stop();
  restoreEnv();
  await receiver.close();
});

const headersOf = (t: Tenant) => ({ cookie: t.admin.cookie, "x-tenant-id": t.slug, "x-project-id": t.project.slug });
async function endpoint(t: Tenant) {
  const res = await call(createRoute, "/v1/webhooks", { method: "POST", headers: headersOf(t), body: { url: receiver.url, events: ["run.failed"] } });
  return res.json as { id: string; secret: string };
}
const publish = async (t: Tenant) => (await db.$transaction((tx) => publishEvent(tx, { workspaceId: t.workspace.id, projectId: t.project.id, type: "run.failed", data: {} }))).deliveryIds;
const fail = async (t: Tenant, at: number) => attemptDelivery((await publish(t))[0], 1, { now: () => new Date(at) });
const endpointRow = (id: string) => db.webhookEndpoint.findUniqueOrThrow({ where: { id } });
const mails = async () => {
  await settleMail();
  return readdirSync(outbox).map((f) => JSON.parse(readFileSync(path.join(outbox, f), "utf8")) as { to: string; subject: string; text: string });
};

describe("disabling a failing endpoint", () => {
  it("3 days of failures → disabled with a reason, audited, owner and admins mailed; no more deliveries", async () => {
    const t = await tenant();
    const projectAdmin = await joinAs(t, "member", { projectId: t.project.id, role: "project_admin" });
    const contributor = await joinAs(t, "member", { projectId: t.project.id, role: "project_contributor" });
    const ep = await endpoint(t);
    receiver.behave({ status: 500 });
    const t0 = Date.now();

    await fail(t, t0);
    expect((await endpointRow(ep.id)).failingSince?.getTime()).toBe(t0);
    await fail(t, t0 + 3 * DAY - 1000);
    expect(await endpointRow(ep.id)).toMatchObject({ enabled: true, failingSince: new Date(t0) });
    expect(await mails()).toHaveLength(0);

    await fail(t, t0 + 3 * DAY);
    const row = await endpointRow(ep.id);
    expect(row.enabled).toBe(false);
    expect(row.disabledReason).toMatch(/failed since/);
    const audit = await lastAudit(t.workspace.id, "webhook.disabled");
    expect(audit).toMatchObject({ targetId: ep.id, actorType: "system", projectId: t.project.id });
    expect(JSON.stringify(audit)).not.toContain(ep.secret.slice(6));

    const sent = (await mails()).filter((m) => m.subject === "A webhook endpoint was disabled");
    expect(sent.map((m) => m.to).sort()).toEqual([t.owner.email, t.admin.email, projectAdmin.email].sort());
    expect(sent.map((m) => m.to)).not.toContain(contributor.email);
    expect(sent[0].text).toContain(receiver.url);
    expect(sent[0].text).toContain(`/projects/${t.project.slug}/webhooks/${ep.id}`);
    expect(sent[0].text).not.toContain(ep.secret.slice(6));

    // Disabled: new events create no delivery; pending ones are neither handed out nor attempted.
    expect(await publish(t)).toEqual([]);
    const pending = await db.webhookDelivery.findMany({ where: { endpointId: ep.id, status: "pending" } });
    const due = await claimDueDeliveries({ now: new Date(t0 + 10 * DAY) });
    expect(due.filter((d) => pending.some((p) => p.id === d.deliveryId))).toEqual([]);
    for (const p of pending) expect(await attemptDelivery(p.id, p.attempts + 1)).toBe("skipped");

    receiver.behave({ status: 200 });
  });

  it("a success inside the 3 days resets the streak: the endpoint stays enabled", async () => {
    const t = await tenant();
    const ep = await endpoint(t);
    const t0 = Date.now();
    receiver.behave({ status: 500 });
    await fail(t, t0);
    receiver.behave({ status: 200 });
    expect(await attemptDelivery((await publish(t))[0], 1, { now: () => new Date(t0 + 2 * DAY) })).toBe("succeeded");
    receiver.behave({ status: 500 });
    await fail(t, t0 + 3 * DAY + 1000);
    expect(await endpointRow(ep.id)).toMatchObject({ enabled: true, failingSince: new Date(t0 + 3 * DAY + 1000) });
    receiver.behave({ status: 200 });
  });

  it("WEBHOOK_DISABLE_AFTER_SECONDS shortens the streak", async () => {
    const t = await tenant();
    const ep = await endpoint(t);
    const restore = setWebhookEnv({ WEBHOOK_DISABLE_AFTER_SECONDS: "60" });
    try {
      receiver.behave({ status: 500 });
      const t0 = Date.now();
      await fail(t, t0);
      await fail(t, t0 + 61_000);
      expect((await endpointRow(ep.id)).enabled).toBe(false);
    } finally {
      restore();
      receiver.behave({ status: 200 });
    }
  });
});
