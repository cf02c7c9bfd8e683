import { expect, test } from "@playwright/test";
import { ownerWithWorkspace, snap } from "./support/flows";
import { startFakeAgent, startJwksServer } from "../test/support/jwks";

// Agents in the console: an owner registers an agent (its endpoint a local HTTP server, its
// identity provider a local JWKS, both on 127.0.0.1, allowed for the e2e server by
// EGRESS_ALLOWED_HOSTS), copies its token from the one screen that shows it, edits it, reads the
// runtime bundle, rotates the token (the old one is revoked), and sends a request through the
// gateway's ingress from the Try it panel with a JWT the local identity provider signed: the
// agent receives the verified user, never the JWT.

/** The customer's agent: answers with what it received. */
const fakeAgent = () =>
  startFakeAgent((req, res) => {
    res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ reply: "Hello from the agent", endUser: req.headers["x-end-user-id"] ?? null, sawJwt: !!req.headers.authorization }));
  });

test("register an agent, see its token once, edit it, read the runtime bundle, rotate the token, try it through ingress", async ({ page, request, context }) => {
  test.setTimeout(180_000);
  await context.grantPermissions(["clipboard-read", "clipboard-write"]);
  const idp = await startJwksServer();
  const agent = await fakeAgent();
  try {
    const { slug } = await ownerWithWorkspace(page, request, { emailLabel: "agents", password: "agents-console-Passphrase-42", name: "Ada Agent", workspaceName: "Agent Co", slugPrefix: "agents" });
    const nav = page.getByRole("navigation", { name: "Main" });
    let firstToken = "";

    await test.step("register: the token is shown once", async () => {
      await nav.getByRole("link", { name: "Agents" }).click();
      await expect(page).toHaveURL(new RegExp(`/w/${slug}/projects/default/agents$`));
      await expect(page.getByRole("heading", { level: 1, name: "Agents" })).toBeVisible();
      await expect(page.getByText("No agents yet")).toBeVisible();
      await page.getByRole("button", { name: "Register agent" }).click();
      const dialog = page.getByRole("dialog");
      await dialog.getByLabel("Name").fill("Support Bot");
      await expect(dialog.getByLabel("Slug")).toHaveValue("support-bot");
      await dialog.getByLabel("Endpoint URL").fill(agent.url);
      await dialog.getByLabel("System prompt").fill("You answer support tickets.");
      await dialog.getByLabel("Model 1").fill("gpt-4o-mini");
      await dialog.getByLabel("Required tools").fill("crm, web-search");
      await dialog.getByRole("switch", { name: /Verify end-user JWTs/ }).click();
      // HS256 is not even offered; the API's own schema checks the rest before anything is sent.
      await expect(dialog.getByText("HS256", { exact: true })).toHaveCount(0);
      await dialog.getByLabel("JWKS URL").fill(idp.url);
      await dialog.getByLabel("Issuer").fill(idp.issuer);
      await dialog.getByLabel("Audiences").fill(idp.audience);
      await dialog.getByRole("button", { name: "Register agent" }).click();
      await expect(dialog.getByRole("heading", { name: "Agent registered" })).toBeVisible();
      firstToken = await dialog.getByTestId("agent-token").inputValue();
      expect(firstToken).toMatch(/^ar_agt_[0-9A-Za-z]{38}$/);
      await dialog.getByRole("button", { name: "Copy token" }).click();
      expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(firstToken);
      await dialog.getByRole("button", { name: "Done" }).click();
      await expect(dialog).toBeHidden();
      await expect(page.getByTestId("agent-support-bot")).toBeVisible();
      expect(await page.content()).not.toContain(firstToken);
    });

    await test.step("the agent's page: no token value, edit the settings", async () => {
      await page.getByTestId("agent-support-bot").getByRole("link", { name: "Support Bot" }).click();
      await expect(page).toHaveURL(new RegExp(`/w/${slug}/projects/default/agents/agt_`));
      await expect(page.getByRole("heading", { level: 1, name: "Support Bot" })).toBeVisible();
      await expect(page.getByRole("table", { name: "Agent tokens" }).getByRole("row")).toHaveCount(2);
      expect(await page.content()).not.toContain(firstToken);
      await page.getByRole("button", { name: "Edit" }).click();
      const dialog = page.getByRole("dialog");
      await expect(dialog.getByLabel("JWKS URL")).toHaveValue(idp.url);
      await dialog.getByLabel("Name").fill("Support Bot 2");
      await dialog.getByLabel("System prompt").fill("You answer support tickets politely.");
      await dialog.getByRole("button", { name: "Save changes" }).click();
      await expect(dialog).toBeHidden();
      await expect(page.getByRole("heading", { level: 1, name: "Support Bot 2" })).toBeVisible();
      await expect(page.getByRole("navigation", { name: "Breadcrumb" })).toContainText("Support Bot 2");
    });

    await test.step("the runtime bundle: KEY=value lines, copied one by one or all at once", async () => {
      await expect(page.getByTestId("env-SYSTEM_PROMPT")).toContainText('SYSTEM_PROMPT="You answer support tickets politely."');
      await expect(page.getByTestId("env-LLM_MODEL_DEFAULT")).toContainText("LLM_MODEL_DEFAULT=gpt-4o-mini");
      await expect(page.getByTestId("env-LLM_PROVIDER_DEFAULT")).toContainText("LLM_PROVIDER_DEFAULT=openai");
      await expect(page.getByTestId("env-TOOL_WEB_SEARCH_URL")).toContainText(/TOOL_WEB_SEARCH_URL=http:\/\/localhost:\d+\/t\/web-search/);
      await page.getByRole("button", { name: "Copy LLM_GATEWAY_URL" }).click();
      expect(await page.evaluate(() => navigator.clipboard.readText())).toMatch(/^LLM_GATEWAY_URL=http:\/\/localhost:\d+\/llm\/v1$/);
      await page.getByRole("button", { name: "Copy all" }).click();
      const all = await page.evaluate(() => navigator.clipboard.readText());
      expect(all.split("\n")[0]).toMatch(/^AGENTRUNTIME_AGENT_ID=agt_/);
      expect(all).toContain("TOOL_CRM_URL=");
      expect(all).not.toContain("ar_agt_");
      await snap(page, "agent-detail");
    });

    await test.step("rotate: the new token is shown once, the old one is revoked", async () => {
      await page.getByRole("button", { name: "Rotate token" }).click();
      const dialog = page.getByRole("dialog");
      await dialog.getByRole("button", { name: "Rotate token" }).click();
      await expect(dialog.getByRole("heading", { name: "New agent token" })).toBeVisible();
      const second = await dialog.getByTestId("agent-token").inputValue();
      expect(second).toMatch(/^ar_agt_/);
      expect(second).not.toBe(firstToken);
      await dialog.getByRole("button", { name: "Done" }).click();
      await expect(dialog).toBeHidden();
      const rows = page.getByRole("table", { name: "Agent tokens" }).getByRole("row");
      await expect(rows).toHaveCount(3);
      await expect(rows.filter({ hasText: "Revoked" })).toHaveCount(1);
      await expect(rows.filter({ hasText: "Active" })).toHaveCount(1);
      expect(await page.content()).not.toContain(second);
    });

    await test.step("try it: ingress verifies the JWT and hands the agent the user, not the token", async () => {
      const panel = page.getByRole("region", { name: "Try it" });
      await panel.getByRole("button", { name: "Send request" }).click();
      // Without a JWT, ingress refuses before the agent is reached.
      await expect(panel.getByTestId("agent-try-result")).toContainText("HTTP 401");
      expect(agent.seen).toHaveLength(0);

      await panel.getByLabel("End-user JWT").fill(await idp.sign({ sub: "user-42", email: "user-42@example.test" }));
      await panel.getByLabel("Path").fill("/chat");
      await panel.getByLabel("Body (JSON)").fill('{"message":"Where is my order?"}');
      await panel.getByRole("button", { name: "Send request" }).click();
      const result = panel.getByTestId("agent-try-result");
      await expect(result).toContainText("HTTP 200");
      await expect(result).toContainText(/Run run_/);
      await expect(result).toContainText('"endUser":"user-42"');
      await expect(result).toContainText('"sawJwt":false');
      expect(agent.seen).toHaveLength(1);
      expect(agent.seen[0].path).toBe("/chat");
      expect(agent.seen[0].body).toBe('{"message":"Where is my order?"}');
      expect(agent.seen[0].headers["x-end-user-id"]).toBe("user-42");
      expect(agent.seen[0].headers.authorization).toBeUndefined();
      await snap(page, "agent-try");
      // The request is a run of kind agent, in the Command Center like any other.
      await result.getByRole("link", { name: /^run_/ }).click();
      await expect(page).toHaveURL(new RegExp(`/w/${slug}/projects/default/runs/run_`));
      await expect(page.getByRole("heading", { level: 1, name: "Run" })).toBeVisible();
    });
  } finally {
    await idp.close();
    await agent.close();
  }
});
