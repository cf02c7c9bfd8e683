import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";
import { expect, test, type APIRequestContext } from "@playwright/test";
import { verifyWebhook } from "../lib/webhooks/verify";
import { ownerWithWorkspace, snap } from "./support/flows";

// Outbound webhooks end to end, against the real worker started by `npm start`: an endpoint
// pointing at a receiver on 127.0.0.1 (allowed for the e2e server by WEBHOOK_ALLOWED_HOSTS)
// is created in the console and its secret shown once; a test event, a redelivery and the
// events of a real run (delivered by the worker) arrive signed and appear in the delivery
// log; a rotation signs with both secrets; disable and delete.

type Hit = { headers: IncomingHttpHeaders; body: string; json: { id: string; type: string; data: Record<string, unknown> } };

async function startReceiver() {
  const hits: Hit[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const body = Buffer.concat(chunks).toString("utf8");
      hits.push({ headers: req.headers, body, json: JSON.parse(body) });
      res.writeHead(200, { "content-type": "text/plain" }).end("thanks");
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const port = (server.address() as AddressInfo).port;
  return { url: `http://127.0.0.1:${port}/agentruntime/events`, hits, close: () => new Promise<void>((r) => (server.closeAllConnections(), server.close(() => r()))) };
}

const verified = (hit: Hit, secret: string) => verifyWebhook({ secret, body: hit.body, headers: hit.headers as Record<string, string> }).ok;

async function api(request: APIRequestContext, slug: string, path: string, data: unknown) {
  const res = await request.post(path, { headers: { "X-Tenant-Id": slug, "X-Project-Id": "default" }, data });
  const text = await res.text();
  expect(res.ok(), `POST ${path} → ${res.status()} ${text}`).toBe(true);
  return JSON.parse(text) as { id: string };
}

const helloGraph = {
  formatVersion: 1,
  nodes: [
    { id: "start", type: "trigger", position: { x: 0, y: 0 }, config: { inputSchema: { type: "object", required: ["name"], properties: { name: { type: "string" } } } } },
    { id: "greet", type: "transform", position: { x: 200, y: 0 }, config: { expression: '{ "greeting": "Hello, " & input.name & "!" }' } },
    { id: "done", type: "output", position: { x: 400, y: 0 }, config: {} },
  ],
  edges: [
    { id: "e1", source: "start", target: "greet" },
    { id: "e2", source: "greet", target: "done" },
  ],
};

test("outbound webhooks: create, show the secret once, deliver, log, redeliver, rotate", async ({ page }) => {
  test.setTimeout(180_000);
  const receiver = await startReceiver();
  try {
    const { slug } = await ownerWithWorkspace(page, page.request, {
      emailLabel: "webhooks",
      password: "webhooks-Passphrase-42",
      name: "Wendy Webhook",
      workspaceName: "Hook Co",
      slugPrefix: "hooks",
    });

    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Webhooks" }).click();
    await expect(page).toHaveURL(new RegExp(`/w/${slug}/projects/default/webhooks$`));
    await expect(page.getByRole("heading", { level: 1, name: "Webhooks" })).toBeVisible();
    await expect(page.getByText("No endpoints yet")).toBeVisible();

    let secret = "";
    await test.step("create: the signing secret is shown once", async () => {
      await page.getByRole("button", { name: "Add endpoint" }).click();
      const dialog = page.getByRole("dialog");
      await dialog.getByLabel("Endpoint URL").fill(receiver.url);
      await dialog.getByLabel("Description").fill("Order pipeline");
      await dialog.getByRole("checkbox", { name: /run\.started/ }).check();
      await dialog.getByRole("button", { name: "Add endpoint" }).click();
      await expect(dialog.getByRole("heading", { name: "Endpoint created" })).toBeVisible();
      secret = await dialog.getByTestId("webhook-secret").inputValue();
      expect(secret).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);
      await snap(page, "webhooks-secret-once");
      await dialog.getByRole("button", { name: "Done" }).click();
      await expect(dialog).toBeHidden();
      const row = page.getByTestId("webhook-endpoint");
      await expect(row).toContainText(receiver.url);
      await expect(row.getByTestId("webhook-status")).toHaveText("Enabled");
      await expect(row.getByText(`whsec_…${secret.slice(-4)}`)).toBeVisible();
      await page.reload();
      await expect(page.getByTestId("webhook-endpoint")).toBeVisible();
      expect(await page.content()).not.toContain(secret);
    });

    await test.step("a test event arrives signed and shows in the delivery log", async () => {
      await page.getByRole("button", { name: "Send test event" }).click();
      await expect(page.getByText("Test event delivered")).toBeVisible();
      expect(receiver.hits).toHaveLength(1);
      expect(receiver.hits[0].json.type).toBe("webhook.test");
      expect(verified(receiver.hits[0], secret)).toBe(true);
      await page.getByRole("link", { name: "Deliveries" }).click();
      await expect(page).toHaveURL(/\/webhooks\/whk_[0-9a-z]+$/);
      const row = page.getByTestId("delivery-row").filter({ hasText: "webhook.test" });
      await expect(row.getByTestId("delivery-status")).toHaveText("Delivered");
      await expect(row.getByTestId("delivery-response")).toHaveText("200");
      await expect(row.getByTestId("delivery-attempts")).toHaveText("1");
    });

    await test.step("redeliver: the same event again, logged as a manual attempt", async () => {
      const row = page.getByTestId("delivery-row").filter({ hasText: "webhook.test" });
      await row.getByRole("button", { name: "Redeliver" }).click();
      await expect(page.getByText("Redelivered")).toBeVisible();
      await expect(row.getByTestId("delivery-attempts")).toHaveText("2");
      expect(receiver.hits).toHaveLength(2);
      expect(receiver.hits[1].json.id).toBe(receiver.hits[0].json.id);
      expect(verified(receiver.hits[1], secret)).toBe(true);
      await row.getByRole("button", { name: "Show attempts" }).click();
      await expect(page.getByTestId("delivery-attempt")).toHaveCount(2);
      await expect(page.getByTestId("delivery-attempt").first()).toContainText("manual");
    });

    await test.step("a real run: the worker delivers run.started and run.succeeded", async () => {
      const wf = await api(page.request, slug, "/v1/workflows", { name: "Greeter", graph: helloGraph });
      await api(page.request, slug, `/v1/workflows/${wf.id}/publish`, {});
      const run = await api(page.request, slug, `/v1/workflows/${wf.id}/runs`, { input: { name: "Ada" } });
      for (const type of ["run.started", "run.succeeded"]) {
        const row = page.getByTestId("delivery-row").filter({ hasText: type });
        await expect(row.getByTestId("delivery-status")).toHaveText("Delivered", { timeout: 45_000 });
      }
      const runHits = receiver.hits.filter((h) => h.json.type.startsWith("run."));
      expect(runHits.map((h) => h.json.type).sort()).toEqual(["run.started", "run.succeeded"]);
      for (const h of runHits) {
        expect(verified(h, secret)).toBe(true);
        expect(h.json.data).toMatchObject({ runId: run.id });
      }
      await snap(page, "webhooks-delivery-log");
    });

    await test.step("rotate: the new secret once; deliveries carry both signatures", async () => {
      await page.getByRole("button", { name: "Rotate secret" }).click();
      const dialog = page.getByRole("dialog");
      await dialog.getByRole("button", { name: "Rotate secret" }).click();
      await expect(dialog.getByRole("heading", { name: "New signing secret" })).toBeVisible();
      const next = await dialog.getByTestId("webhook-secret").inputValue();
      expect(next).not.toBe(secret);
      await dialog.getByRole("button", { name: "Done" }).click();
      await page.getByRole("button", { name: "Send test event" }).click();
      await expect(page.getByText("Test event delivered")).toBeVisible();
      const last = receiver.hits.at(-1)!;
      expect(String(last.headers["x-agentruntime-signature"])).toMatch(/^v1=[0-9a-f]{64},v1=[0-9a-f]{64}$/);
      expect(verified(last, next)).toBe(true);
      expect(verified(last, secret)).toBe(true);
      await expect(page.getByText(`whsec_…${next.slice(-4)}`)).toBeVisible();
      expect(await page.content()).not.toContain(next);
    });

    await test.step("disable, then delete", async () => {
      await page.getByRole("switch", { name: "Disable endpoint" }).click();
      await expect(page.getByTestId("webhook-status")).toHaveText("Disabled");
      await page.getByRole("navigation", { name: "Breadcrumb" }).getByRole("link", { name: "Webhooks" }).click();
      await page.getByRole("button", { name: `Delete ${receiver.url}` }).click();
      await page.getByRole("button", { name: "Delete endpoint" }).click();
      await expect(page.getByText("No endpoints yet")).toBeVisible();
    });
  } finally {
    await receiver.close();
  }
});
