import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { expect, test } from "@playwright/test";
import { GATEWAY_URL } from "./support/env";
import { ownerWithWorkspace, snap } from "./support/flows";

// Tools in the console and the gateway's tool proxy end to end: an owner registers an agent and
// a tool (its upstream a local HTTP server on 127.0.0.1, allowed for the e2e server by
// EGRESS_ALLOWED_HOSTS), binds the agent with approval_required, and the agent's call through
// the gateway is held (403 APPROVAL_REQUIRED) until the owner approves it in the inbox; the
// identical call then goes through, reaches the upstream, and is a step of its run.

type Seen = { method: string; url: string; body: string; headers: Record<string, string | string[] | undefined> };

async function startUpstream() {
  const seen: Seen[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      seen.push({ method: req.method ?? "", url: req.url ?? "", body: Buffer.concat(chunks).toString("utf8"), headers: req.headers });
      res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ order: "42", status: "refunded" }));
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen, close: () => new Promise<void>((r) => server.close(() => r())) };
}

test("register a tool, bind an agent with approval_required, approve its held call in the inbox, the retry goes through and is in the run", async ({ page, request }) => {
  test.setTimeout(180_000);
  const upstream = await startUpstream();
  try {
    const { slug } = await ownerWithWorkspace(page, request, { emailLabel: "tools", password: "tools-console-Passphrase-42", name: "Tom Tools", workspaceName: "Tool Co", slugPrefix: "tools" });
    const nav = page.getByRole("navigation", { name: "Main" });
    let agentToken = "";

    await test.step("an agent to call the tool with", async () => {
      await nav.getByRole("link", { name: "Agents" }).click();
      await page.getByRole("button", { name: "Register agent" }).click();
      const dialog = page.getByRole("dialog");
      await dialog.getByLabel("Name").fill("Refund Bot");
      await dialog.getByLabel("Endpoint URL").fill(`${upstream.url}/agent`);
      await dialog.getByLabel("Model 1").fill("gpt-4o-mini");
      await dialog.getByRole("button", { name: "Register agent" }).click();
      await expect(dialog.getByRole("heading", { name: "Agent registered" })).toBeVisible();
      agentToken = await dialog.getByTestId("agent-token").inputValue();
      await dialog.getByRole("button", { name: "Done" }).click();
      await expect(dialog).toBeHidden();
    });

    await test.step("register the tool with one capability", async () => {
      await nav.getByRole("link", { name: "Tools" }).click();
      await expect(page).toHaveURL(new RegExp(`/w/${slug}/projects/default/tools$`));
      await expect(page.getByRole("heading", { level: 1, name: "Tools" })).toBeVisible();
      await expect(page.getByText("No tools yet")).toBeVisible();
      await page.getByRole("button", { name: "Register tool" }).click();
      const dialog = page.getByRole("dialog");
      await dialog.getByLabel("Name").fill("payments");
      await dialog.getByLabel("Base URL").fill(`${upstream.url}/api`);
      await dialog.getByRole("button", { name: "Add capability" }).click();
      await dialog.getByRole("combobox", { name: "Method 1" }).click();
      await page.getByRole("option", { name: "POST", exact: true }).click();
      await dialog.getByLabel("Path 1").fill("/v1/refunds/:order");
      await dialog.getByRole("button", { name: "Register tool" }).click();
      await expect(dialog).toBeHidden();
      await expect(page.getByTestId("tool-payments")).toBeVisible();
    });

    await test.step("bind the agent: approval required", async () => {
      await page.getByTestId("tool-payments").getByRole("link", { name: "payments" }).click();
      await expect(page.getByRole("heading", { level: 1, name: "payments" })).toBeVisible();
      await expect(page.getByText("No agent may call this tool")).toBeVisible();
      await page.getByRole("button", { name: "Bind agent" }).click();
      const dialog = page.getByRole("dialog");
      await dialog.getByRole("combobox", { name: "Agent" }).click();
      await page.getByRole("option", { name: /Refund Bot/ }).click();
      await dialog.getByRole("combobox", { name: "Effect" }).click();
      await page.getByRole("option", { name: "Approval required" }).click();
      await dialog.getByLabel("Path pattern (optional)").fill("/v1/refunds/:order");
      await dialog.getByRole("button", { name: "Bind agent" }).click();
      await expect(dialog).toBeHidden();
      const row = page.getByRole("table", { name: "Policies" }).getByRole("row", { name: /Refund Bot/ });
      await expect(row).toContainText("Approval required");
      await expect(row).toContainText("/v1/refunds/:order");
      await snap(page, "tool-detail");
    });

    await test.step("a test call from the console reaches the upstream, without any policy", async () => {
      const panel = page.getByRole("region", { name: "Test call" });
      await panel.getByLabel("Path").fill("/v1/refunds/7");
      await panel.getByLabel("Body (JSON)").fill('{"amount":1}');
      await panel.getByRole("button", { name: "Send test call" }).click();
      await expect(panel.getByTestId("tool-test-result")).toContainText("HTTP 200");
      await expect(panel.getByTestId("tool-test-result")).toContainText('"status":"refunded"');
      expect(upstream.seen).toHaveLength(1);
      expect(upstream.seen[0]).toMatchObject({ method: "POST", url: "/api/v1/refunds/7", body: '{"amount":1}' });
      // A path no capability declares is refused before anything is sent.
      await panel.getByLabel("Path").fill("/v1/charges/7");
      await panel.getByRole("button", { name: "Send test call" }).click();
      await expect(panel.getByRole("alert")).toContainText("No capability of the tool declares POST /v1/charges/7");
      expect(upstream.seen).toHaveLength(1);
      upstream.seen.length = 0;
    });

    const callTool = () =>
      request.post(`${GATEWAY_URL}/t/payments/v1/refunds/42?reason=damaged`, { headers: { authorization: `Bearer ${agentToken}`, "content-type": "application/json" }, data: { amount: 1999, currency: "eur" } });
    let approvalUrl = "";

    await test.step("the agent's call is held for approval; nothing reaches the upstream", async () => {
      const held = await callTool();
      expect(held.status()).toBe(403);
      const body = (await held.json()) as { error: { code: string; approvalUrl: string; accessRequestId: string } };
      expect(body.error.code).toBe("APPROVAL_REQUIRED");
      expect(body.error.accessRequestId).toBeTruthy();
      approvalUrl = body.error.approvalUrl;
      expect(upstream.seen).toHaveLength(0);
      // The same call again before a decision: still held.
      expect((await callTool()).status()).toBe(403);
      expect(upstream.seen).toHaveLength(0);
    });

    await test.step("approve it in the inbox: the call, the agent, the end user, the body hash; one use within an hour", async () => {
      // The approvalUrl of the agent's 403 opens the inbox on that request.
      expect(approvalUrl).toContain(`/w/${slug}/projects/default/approvals?approval=`);
      await page.goto(new URL(approvalUrl).pathname + new URL(approvalUrl).search);
      const card = page.getByTestId("approvals-list").locator('li[data-highlighted="true"]');
      await expect(card).toBeVisible();
      await expect(card).toHaveAttribute("data-testid", `approval-${new URL(approvalUrl).searchParams.get("approval")}`);
      await expect(card.getByTestId("approval-gateway-request")).toHaveText("POST /v1/refunds/42?reason=damaged");
      await expect(card.getByTestId("approval-gateway-call")).toContainText("Refund Bot");
      await expect(card.getByTestId("approval-gateway-call")).toContainText("payments");
      await expect(card.getByTestId("approval-gateway-call")).toContainText(/Body hash [0-9a-f]{12}/);
      await expect(card.getByLabel("Uses")).toHaveValue("1");
      await expect(card.getByRole("combobox", { name: "Within" })).toHaveText("1 hour");
      await snap(page, "tool-approval");
      await card.getByRole("button", { name: "Approve" }).click();
      await expect(page.getByTestId("approvals-list").locator('li[data-status="pending"]').filter({ has: page.getByTestId("approval-gateway-call") })).toHaveCount(0);
      expect(approvalUrl).toContain(`/w/${slug}/projects/default/approvals`);
    });

    let runId = "";
    await test.step("the identical call now goes through, once", async () => {
      const ok = await callTool();
      expect(ok.status()).toBe(200);
      expect(await ok.json()).toEqual({ order: "42", status: "refunded" });
      runId = ok.headers()["x-agentruntime-run-id"] ?? "";
      expect(runId).toMatch(/^run_/);
      expect(upstream.seen).toHaveLength(1);
      expect(upstream.seen[0]).toMatchObject({ method: "POST", url: "/api/v1/refunds/42?reason=damaged" });
      expect(JSON.parse(upstream.seen[0].body)).toEqual({ amount: 1999, currency: "eur" });
      expect(upstream.seen[0].headers.authorization).toBeUndefined();
      // The grant was for one use: a third identical call is held again.
      expect((await callTool()).status()).toBe(403);
      expect(upstream.seen).toHaveLength(1);
    });

    await test.step("the call is a step of its run", async () => {
      await page.goto(`/w/${slug}/projects/default/runs/${runId}`);
      const step = page.getByTestId("step-timeline").locator('li[data-testid^="step-tool-"]');
      await expect(step).toHaveCount(1);
      await expect(step).toHaveAttribute("data-status", "succeeded");
      await expect(step).toContainText("tool");
      await step.getByText("Input and output").click();
      await expect(step).toContainText("/v1/refunds/42");
      await expect(step).toContainText("payments");
      await expect(step).toContainText("approved");
      await snap(page, "tool-run-step");
    });
  } finally {
    await upstream.close();
  }
});
