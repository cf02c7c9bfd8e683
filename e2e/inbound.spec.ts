import { createHmac } from "node:crypto";
import { expect, test, type Page } from "@playwright/test";
import { ownerWithWorkspace, snap } from "./support/flows";

// Inbound webhooks end to end: a project admin creates a subscription in the console and reads
// the show-once values; the test then plays the external sender (Node fetch + HMAC) and sees
// its deliveries, with the run they started, in the console's delivery log. Disable, rotate
// and delete are checked from the sender's side too.

const sign = (secret: string, body: string) => `sha256=${createHmac("sha256", secret).update(body).digest("hex")}`;

async function send(url: string, token: string, secret: string, body: string, extra: Record<string, string> = {}) {
  const res = await fetch(url, {
    method: "POST",
    headers: { authorization: `Bearer ${token}`, "x-agentruntime-signature": sign(secret, body), "content-type": "application/json", ...extra },
    body,
  });
  return { status: res.status, json: (await res.json()) as { runId?: string; error?: { code: string; message: string } } };
}

/** A published workflow whose trigger requires `name`, created through the API with the page's session. */
async function createPublishedWorkflow(page: Page, slug: string) {
  const headers = { "X-Tenant-Id": slug, "X-Project-Id": "default" };
  const graph = {
    nodes: [
      { id: "trigger", type: "trigger", config: { inputSchema: { type: "object", properties: { name: { type: "string", minLength: 1 } }, required: ["name"] } } },
      { id: "greet", type: "transform", config: { expression: '{"greeting": "Hello, " & input.name & "!"}' } },
      { id: "output", type: "output", config: {} },
    ],
    edges: [
      { id: "e1", source: "trigger", target: "greet" },
      { id: "e2", source: "greet", target: "output" },
    ],
  };
  const created = await page.request.post("/v1/workflows", { headers, data: { name: "Greeter", slug: "greeter", graph } });
  expect(created.status(), await created.text()).toBe(201);
  const wf = (await created.json()) as { id: string; slug: string };
  const published = await page.request.post(`/v1/workflows/${wf.id}/publish`, { headers, data: {} });
  expect(published.status(), await published.text()).toBeLessThan(300);
  return wf;
}

test("create an inbound subscription, deliver signed JSON, see the run in the delivery log; disable, rotate, delete", async ({ page, request }) => {
  const { slug } = await ownerWithWorkspace(page, request, {
    emailLabel: "inbound",
    password: "inbound-Passphrase-42",
    name: "Ingrid Inbound",
    workspaceName: "Inbound Co",
    slugPrefix: "inb",
  });

  const wf = await createPublishedWorkflow(page, slug);
  await page.goto(`/w/${slug}/projects/default/workflows/${wf.slug}/inbound`);
  await expect(page.getByRole("heading", { level: 1, name: "Inbound webhooks" })).toBeVisible();
  await expect(page.getByText("No inbound subscriptions")).toBeVisible();

  let url = "";
  let secret = "";
  let token = "";
  await test.step("create: URL, signing secret and token are shown once, with a signed curl example", async () => {
    await page.getByRole("button", { name: "New subscription" }).click();
    const dialog = page.getByRole("dialog");
    await dialog.getByLabel("Name (optional)").fill("CI sender");
    await dialog.getByRole("button", { name: "Create subscription" }).click();
    await expect(dialog.getByRole("heading", { name: "Subscription created" })).toBeVisible();
    url = await dialog.getByLabel("Endpoint URL", { exact: true }).inputValue();
    secret = await dialog.getByLabel("Signing secret", { exact: true }).inputValue();
    token = await dialog.getByLabel("Token", { exact: true }).inputValue();
    expect(url).toMatch(/^http:\/\/localhost:3100\/v1\/inbound\/ibs_/);
    expect(secret).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);
    expect(token).toMatch(/^ar_pat_/);
    const curl = await dialog.locator("pre").innerText();
    expect(curl).toContain(`SECRET='${secret}'`);
    expect(curl).toContain(`TOKEN='${token}'`);
    expect(curl).toContain(`BODY='{"name":"example"}'`);
    expect(curl).toContain(`openssl dgst -sha256 -hmac "$SECRET"`);
    expect(curl).toContain(`-H "X-Agentruntime-Signature: sha256=$SIG"`);
    await snap(page, "inbound-created");
    await dialog.getByRole("button", { name: "Done" }).click();
    await expect(dialog).toBeHidden();
    const html = await page.content();
    expect(html).not.toContain(secret);
    expect(html).not.toContain(token);
  });

  const card = page.getByTestId("subscription-CI sender");
  const rows = card.getByTestId("delivery-row");
  await test.step("deliver: a signed POST starts a run, which the delivery log shows", async () => {
    await expect(card.getByTestId("no-deliveries")).toBeVisible();
    const ok = await send(url, token, secret, '{"name":"Ada"}', { "idempotency-key": "e2e-1" });
    expect(ok.status).toBe(202);
    expect(ok.json.runId).toMatch(/^run_/);
    const replay = await send(url, token, secret, '{"name":"Ada"}', { "idempotency-key": "e2e-1" });
    expect(replay).toEqual({ status: 202, json: { runId: ok.json.runId } });
    const forged = await send(url, token, "whsec_wrong", '{"name":"Mallory"}');
    expect(forged.status).toBe(401);
    expect(forged.json.error?.message).toBe("Invalid credentials or signature");
    await expect(rows).toHaveCount(3);
    await expect(card.getByText(/Last delivery/)).toBeVisible();
    await expect(rows.nth(0)).toContainText("Invalid signature");
    await expect(rows.nth(1)).toContainText("Duplicate (replayed)");
    await expect(rows.nth(2)).toContainText("Run started");
    const runLink = rows.nth(2).getByRole("link", { name: ok.json.runId! });
    await expect(runLink).toHaveAttribute("href", `/w/${slug}/projects/default/runs/${ok.json.runId}`);
    await snap(page, "inbound-deliveries");
  });

  await test.step("disable: deliveries are refused (401) until re-enabled", async () => {
    await card.getByRole("switch", { name: "Enabled: CI sender" }).click();
    await expect(card.getByTestId("subscription-status")).toHaveText("Disabled");
    expect((await send(url, token, secret, '{"name":"Ada"}')).status).toBe(401);
    await expect(rows.nth(0)).toContainText("Subscription disabled");
    await card.getByRole("switch", { name: "Enabled: CI sender" }).click();
    await expect(card.getByTestId("subscription-status")).toHaveText("Enabled");
    expect((await send(url, token, secret, '{"name":"Ada"}')).status).toBe(202);
  });

  await test.step("rotate: the new secret is shown once; the old one stops working", async () => {
    await card.getByRole("button", { name: "Rotate secret" }).click();
    const dialog = page.getByRole("dialog");
    await dialog.getByRole("button", { name: "Rotate secret" }).click();
    await expect(dialog.getByRole("heading", { name: "New signing secret" })).toBeVisible();
    const next = await dialog.getByLabel("Signing secret", { exact: true }).inputValue();
    expect(next).toMatch(/^whsec_/);
    expect(next).not.toBe(secret);
    await dialog.getByRole("button", { name: "Done" }).click();
    await expect(dialog).toBeHidden();
    expect((await send(url, token, secret, '{"name":"Ada"}')).status).toBe(401);
    expect((await send(url, token, next, '{"name":"Grace"}')).status).toBe(202);
    await expect(card.getByText(`…${next.slice(-4)}`)).toBeVisible();
  });

  await test.step("delete: the token is revoked and the URL answers 401", async () => {
    await card.getByRole("button", { name: "Delete CI sender" }).click();
    await page.getByRole("button", { name: "Delete subscription" }).click();
    await expect(page.getByText("No inbound subscriptions")).toBeVisible();
    expect((await send(url, token, secret, '{"name":"Ada"}')).status).toBe(401);
  });
});
