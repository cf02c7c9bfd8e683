import { expect, test } from "@playwright/test";
import { Client, StreamableHTTPClientTransport } from "@modelcontextprotocol/client";
import { ownerWithWorkspace, snap } from "./support/flows";

// Settings → MCP on the production server: the owner creates a token, copies a client
// configuration, and a real MCP client (SDK v2, 2026-07-28) uses that endpoint and headers —
// the /mcp route as `next build` bundles it, behind proxy.ts.

test("connect an MCP client from Settings", async ({ page, request, baseURL }) => {
  const { slug } = await ownerWithWorkspace(page, request, { emailLabel: "mcp", password: "mcp-e2e-password-1", name: "Mona MCP", workspaceName: "MCP Works", slugPrefix: "mcp" });

  let token = "";
  await test.step("create a token in the Tokens tab", async () => {
    await page.goto(`/w/${slug}/settings?tab=tokens`);
    await page.getByRole("button", { name: "Create token" }).first().click();
    const dialog = page.getByRole("dialog");
    await dialog.getByRole("textbox", { name: "Name" }).fill("cursor");
    await expect(dialog.getByRole("checkbox", { name: /workflow:read/ })).toBeChecked();
    await dialog.getByRole("button", { name: "Create token" }).click();
    token = await dialog.getByLabel(/^Token/).inputValue();
    await dialog.getByRole("button", { name: "Done" }).click();
  });

  let config = "";
  await test.step("the MCP tab shows the endpoint and the client configurations", async () => {
    await page.getByRole("navigation", { name: "Settings sections" }).getByRole("link", { name: "MCP" }).click();
    await expect(page).toHaveURL(new RegExp(`/w/${slug}/settings\\?tab=mcp$`));
    await expect(page.getByRole("heading", { name: "Connect an MCP client" })).toBeVisible();
    await expect(page.getByRole("textbox", { name: "Endpoint" })).toHaveValue(`${baseURL}/mcp`);
    await expect(page.getByRole("combobox", { name: "Project", exact: true })).toHaveValue("default");
    for (const client of ["Cursor", "Claude Code", "Claude Desktop", "VS Code"]) {
      await page.getByRole("button", { name: client, exact: true }).click();
      await expect(page.getByRole("button", { name: client, exact: true })).toHaveAttribute("aria-pressed", "true");
      await expect(page.locator("pre")).toContainText(`${baseURL}/mcp`);
    }
    config = (await page.locator("pre").textContent()) ?? "";
    expect(JSON.parse(config).servers.agentruntime.headers).toEqual({ Authorization: "Bearer ${input:agentruntime-token}", "X-Tenant-Id": slug, "X-Project-Id": "default" });
    await expect(page.getByText(token)).toHaveCount(0);
    await snap(page, "settings-mcp");
  });

  await test.step("an MCP client connects with that configuration and the token", async () => {
    const server = JSON.parse(config).servers.agentruntime as { url: string; headers: Record<string, string> };
    const headers = { ...server.headers, Authorization: `Bearer ${token}` };
    const client = new Client({ name: "e2e", version: "1.0.0" }, { versionNegotiation: { mode: { pin: "2026-07-28" } } });
    await client.connect(new StreamableHTTPClientTransport(new URL(server.url), { requestInit: { headers } }));
    const names = (await client.listTools()).tools.map((t) => t.name);
    // The console's default scopes read: no write tool.
    expect(names).toEqual(expect.arrayContaining(["context_get", "workflows_list", "runs_list"]));
    expect(names).not.toContain("runs_start");
    const ctx = await client.callTool({ name: "context_get", arguments: {} });
    expect(ctx.structuredContent).toMatchObject({ workspace: { slug }, project: { slug: "default" }, scopes: ["workspace:read", "workflow:read"] });
    await client.close();
  });

  await test.step("without the token: 401 pointing at the resource metadata", async () => {
    const res = await request.post("/mcp", { data: { jsonrpc: "2.0", id: 1, method: "tools/list" }, headers: { accept: "application/json, text/event-stream" } });
    expect(res.status()).toBe(401);
    expect(res.headers()["www-authenticate"]).toBe(`Bearer resource_metadata="${baseURL}/.well-known/oauth-protected-resource/mcp"`);
    const metadata = await request.get("/.well-known/oauth-protected-resource/mcp");
    expect(await metadata.json()).toMatchObject({ resource: `${baseURL}/mcp` });
  });
});
