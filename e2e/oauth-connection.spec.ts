import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import { expect, test } from "@playwright/test";
import { ROOT } from "./support/env";
import { E2E_OAUTH_CLIENT, E2E_OAUTH_PORT, oauthConnectionsEnv, startFakeOAuthServer, type FakeOAuthServer } from "./support/fake-oauth-server";
import { ownerWithWorkspace, snap } from "./support/flows";

// Connecting Google Workspace from the console against a local authorization server that
// auto-approves; then the grant is revoked, a token refresh fails, the console shows
// Reconnect, and reconnecting in place makes the same connection active again.

let fake: FakeOAuthServer;
test.beforeAll(async () => {
  fake = await startFakeOAuthServer({ port: E2E_OAUTH_PORT, clientId: E2E_OAUTH_CLIENT.id, clientSecret: E2E_OAUTH_CLIENT.secret });
});
test.afterAll(async () => {
  await fake?.close();
});

/**
 * A worker's token use, in its own process: ages the token and asks the engine for one.
 * Asynchronous on purpose: the fake provider lives in this process and must keep answering.
 */
async function useConnectionFromAnotherProcess(connectionId: string): Promise<string> {
  const tsx = path.join(ROOT, "node_modules", ".bin", "tsx");
  const { stdout } = await promisify(execFile)(tsx, ["--conditions=react-server", "e2e/support/oauth-token-use.ts", connectionId], {
    cwd: ROOT,
    env: { ...process.env, ...oauthConnectionsEnv() },
    encoding: "utf8",
    timeout: 60_000,
  });
  return stdout.trim().split("\n").at(-1) ?? "";
}

test("connect Google Workspace, lose the grant, reconnect in place", async ({ page, request }) => {
  const { slug } = await ownerWithWorkspace(page, request, {
    emailLabel: "oauth",
    password: "oauth-Passphrase-42",
    name: "Olga OAuth",
    workspaceName: "OAuth Co",
    slugPrefix: "oauth",
  });

  let connectionId = "";
  await test.step("connect Google Workspace with Gmail and Calendar scopes", async () => {
    await page.goto(`/w/${slug}/connections`);
    await expect(page).toHaveURL(new RegExp(`/w/${slug}/projects/default/connections$`));
    await page.getByRole("button", { name: "New connection" }).click();
    const dialog = page.getByRole("dialog");
    await dialog.getByRole("button", { name: /Google Workspace/ }).click();
    await dialog.getByLabel("Name").fill("Team Gmail");
    await dialog.getByLabel("Gmail: read messages", { exact: true }).check();
    await dialog.getByLabel("Calendar: read", { exact: true }).check();
    await snap(page, "oauth-connect-form");
    await dialog.getByRole("button", { name: "Continue to Google Workspace" }).click();
    // Provider (auto-approve) → /v1/connections/google/callback → back here.
    await expect(page).toHaveURL(/\/projects\/default\/connections\?connected=conn_/);
    connectionId = new URL(page.url()).searchParams.get("connected")!;
    const item = page.getByTestId("connection-Team Gmail");
    await expect(item.getByTestId("connection-status")).toContainText("Active");
    await expect(item.getByText("Google Workspace")).toBeVisible();
    expect(fake.state.codeExchanges).toBe(1);
    const scope = fake.state.lastAuthorizeParams!.get("scope")!.split(" ");
    expect(scope).toEqual(expect.arrayContaining(["openid", "email", "https://www.googleapis.com/auth/gmail.readonly", "https://www.googleapis.com/auth/calendar.readonly"]));
    expect(fake.state.lastAuthorizeParams!.get("access_type")).toBe("offline");
    await snap(page, "oauth-connected");
  });

  await test.step("the user revokes access: the next refresh fails and the console says Reconnect", async () => {
    fake.state.failRefresh = "invalid_grant";
    expect(await useConnectionFromAnotherProcess(connectionId)).toBe("OAuthReconnectRequiredError");
    expect(fake.state.refreshCalls).toBe(1);
    await page.goto(`/w/${slug}/projects/default/connections`);
    const item = page.getByTestId("connection-Team Gmail");
    await expect(item.getByTestId("connection-status")).toContainText("Needs reconnect");
    await expect(item.getByTestId("connection-reason")).toContainText("invalid_grant");
    await snap(page, "oauth-needs-reconnect");
  });

  await test.step("Reconnect re-runs the flow in place: same connection, active again", async () => {
    fake.state.failRefresh = null;
    await page.getByTestId("connection-Team Gmail").getByRole("button", { name: "Reconnect" }).click();
    await expect(page).toHaveURL(new RegExp(`/projects/default/connections\\?connected=${connectionId}$`));
    const item = page.getByTestId("connection-Team Gmail");
    await expect(item.getByTestId("connection-status")).toContainText("Active");
    await expect(item.getByTestId("connection-reason")).toHaveCount(0);
    await expect(page.getByRole("list", { name: "Connections" }).getByRole("listitem")).toHaveCount(1);
    expect(fake.state.lastAuthorizeParams!.get("login_hint")).toBe(fake.account.email);
    // The new grant refreshes fine.
    expect(await useConnectionFromAnotherProcess(connectionId)).toBe("refreshed");
    await snap(page, "oauth-reconnected");
  });
});
