// Where deliveries may go: private, loopback and link-local destinations are refused unless
// configured (at save time and again at every attempt, with 0 requests reaching them),
// redirects are failures rather than followed, and the attempt deadline holds.
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { POST as createRoute } from "@/app/v1/webhooks/route";
import { PATCH as patchRoute } from "@/app/v1/webhooks/[id]/route";
import { db } from "@/lib/db/client";
import { attemptDelivery } from "@/lib/webhooks/attempt-delivery";
import { checkEndpointUrl, EndpointUrlError } from "@/lib/webhooks/endpoint-url";
import { publishEvent } from "@/lib/webhooks/publish-event";
import { call } from "@/test/support/http";
import { tenant, type Tenant } from "@/test/support/world";
import { setWebhookEnv, startReceiver, type Receiver } from "./outbound-receiver";

let receiver: Receiver;
let target: Receiver;
let restoreEnv: () => void;
beforeAll(async () => {
  receiver = await startReceiver();
  target = await startReceiver();
  restoreEnv = setWebhookEnv({ EGRESS_ALLOWED_HOSTS: undefined, EGRESS_ALLOW_PRIVATE_NETWORKS: undefined, WEBHOOK_ALLOW_HTTP: undefined, WEBHOOK_TIMEOUT_MS: undefined });
});
afterEach(() => {
  delete process.env.EGRESS_ALLOWED_HOSTS;
  delete process.env.EGRESS_ALLOW_PRIVATE_NETWORKS;
  delete process.env.WEBHOOK_ALLOW_HTTP;
  delete process.env.WEBHOOK_TIMEOUT_MS;
  receiver.behave({ status: 200 });
});
afterAll(async () => {
  restoreEnv();
  await Promise.all([receiver.close(), target.close()]);
});

const headersOf = (t: Tenant) => ({ cookie: t.admin.cookie, "x-tenant-id": t.slug, "x-project-id": t.project.slug });
const create = (t: Tenant, url: string) => call(createRoute, "/v1/webhooks", { method: "POST", headers: headersOf(t), body: { url, events: ["run.failed"] } });

async function allowedEndpoint(t: Tenant, url = receiver.url) {
  process.env.EGRESS_ALLOWED_HOSTS = "127.0.0.1";
  const res = await create(t, url);
  expect(res.status).toBe(201);
  delete process.env.EGRESS_ALLOWED_HOSTS;
  return res.json as { id: string; secret: string };
}
const publish = (t: Tenant) => db.$transaction((tx) => publishEvent(tx, { workspaceId: t.workspace.id, projectId: t.project.id, type: "run.failed", data: {} }));

describe("saving an endpoint", () => {
  it("refuses 10.0.0.1, 169.254.169.254, ::1, 127.0.0.1 and a host name resolving to 127.0.0.1 when not allowed", async () => {
    const t = await tenant();
    for (const url of ["https://10.0.0.1/hook", "https://169.254.169.254/latest/meta-data", `https://[::1]:${receiver.port}/`, `https://127.0.0.1:${receiver.port}/`, `https://localhost:${receiver.port}/`, "https://[::ffff:10.0.0.1]/", "https://100.64.0.1/"]) {
      const res = await create(t, url);
      expect(res.status, url).toBe(422);
      expect(res.json.error.details[0], url).toMatchObject({ path: "url", message: expect.stringMatching(/private, loopback or link-local/) });
    }
    expect(await db.webhookEndpoint.count({ where: { workspaceId: t.workspace.id } })).toBe(0);
    expect(receiver.received).toHaveLength(0);
  });

  it("plain http only for hosts the server allows (or WEBHOOK_ALLOW_HTTP=1); the allowlist opens exactly its hosts", async () => {
    const t = await tenant();
    const res = await create(t, "http://93.184.215.14/hook");
    expect(res.status).toBe(422);
    expect(res.json.error.details[0].message).toMatch(/https/);
    process.env.WEBHOOK_ALLOW_HTTP = "1";
    expect((await create(t, "http://93.184.215.14/hook")).status).toBe(201);
    expect((await create(t, "https://93.184.215.14/hook")).status).toBe(201);
    delete process.env.WEBHOOK_ALLOW_HTTP;
    process.env.EGRESS_ALLOWED_HOSTS = "127.0.0.1";
    expect((await create(t, receiver.url)).status).toBe(201);
    expect((await create(t, "https://10.0.0.1/hook")).status).toBe(422);
    delete process.env.EGRESS_ALLOWED_HOSTS;
    process.env.EGRESS_ALLOW_PRIVATE_NETWORKS = "1";
    await expect(checkEndpointUrl("https://10.0.0.1/hook")).resolves.toMatchObject({ address: "10.0.0.1" });
  });

  it("PATCH applies the same rules: 422 and the URL unchanged", async () => {
    const t = await tenant();
    const ep = await allowedEndpoint(t);
    const res = await call(patchRoute, "/", { method: "PATCH", headers: headersOf(t), params: { id: ep.id }, body: { url: "https://169.254.169.254/" } });
    expect(res.status).toBe(422);
    expect((await db.webhookEndpoint.findUniqueOrThrow({ where: { id: ep.id } })).url).toBe(receiver.url);
    await expect(checkEndpointUrl("gopher://127.0.0.1/")).rejects.toBeInstanceOf(EndpointUrlError);
  });
});

describe("at every attempt", () => {
  it("an endpoint saved while allowed is refused once the allowance is gone: 0 requests, logged as refused", async () => {
    const t = await tenant();
    await allowedEndpoint(t);
    const before = receiver.received.length;
    const { deliveryIds } = await publish(t);
    expect(await attemptDelivery(deliveryIds[0], 1)).toBe("retry_scheduled");
    const row = await db.webhookDelivery.findUniqueOrThrow({ where: { id: deliveryIds[0] } });
    expect(row.lastError).toMatch(/^Refused: .*private, loopback or link-local/);
    expect(row.lastStatusCode).toBeNull();
    expect(receiver.received.length).toBe(before);
  });

  it("a URL that now points at cloud metadata (changed behind the API's back) is refused", async () => {
    const t = await tenant();
    const ep = await allowedEndpoint(t);
    await db.webhookEndpoint.update({ where: { id: ep.id }, data: { url: "http://169.254.169.254/latest/meta-data/" } });
    process.env.EGRESS_ALLOWED_HOSTS = "127.0.0.1";
    const { deliveryIds } = await publish(t);
    await attemptDelivery(deliveryIds[0], 1);
    expect((await db.webhookDelivery.findUniqueOrThrow({ where: { id: deliveryIds[0] } })).lastError).toMatch(/^Refused/);
  });

  it("a redirect is not followed: the attempt fails with the 3xx and the redirect target sees nothing", async () => {
    const t = await tenant();
    await allowedEndpoint(t);
    process.env.EGRESS_ALLOWED_HOSTS = "127.0.0.1";
    receiver.behave({ redirectTo: target.url });
    const { deliveryIds } = await publish(t);
    expect(await attemptDelivery(deliveryIds[0], 1)).toBe("retry_scheduled");
    const row = await db.webhookDelivery.findUniqueOrThrow({ where: { id: deliveryIds[0] } });
    expect(row.lastStatusCode).toBe(302);
    expect(row.lastError).toMatch(/^Redirect \(HTTP 302\) not followed/);
    expect(target.received).toHaveLength(0);
  });

  it("an endpoint slower than the deadline (WEBHOOK_TIMEOUT_MS) fails with a timeout, without waiting for it", async () => {
    const t = await tenant();
    await allowedEndpoint(t);
    Object.assign(process.env, { EGRESS_ALLOWED_HOSTS: "127.0.0.1", WEBHOOK_TIMEOUT_MS: "300" });
    receiver.behave({ delayMs: 3000 });
    const { deliveryIds } = await publish(t);
    const started = Date.now();
    expect(await attemptDelivery(deliveryIds[0], 1)).toBe("retry_scheduled");
    expect(Date.now() - started).toBeLessThan(2000);
    const row = await db.webhookDelivery.findUniqueOrThrow({ where: { id: deliveryIds[0] } });
    expect(row.lastError).toBe("No answer within 300 ms");
    expect(row.lastStatusCode).toBeNull();
  });

  it("a closed port fails as a refused connection", async () => {
    const t = await tenant();
    const closed = await startReceiver();
    await closed.close();
    await allowedEndpoint(t, closed.url);
    process.env.EGRESS_ALLOWED_HOSTS = "127.0.0.1";
    const { deliveryIds } = await publish(t);
    await attemptDelivery(deliveryIds[0], 1);
    expect((await db.webhookDelivery.findUniqueOrThrow({ where: { id: deliveryIds[0] } })).lastError).toBe("Connection refused");
  });
});
