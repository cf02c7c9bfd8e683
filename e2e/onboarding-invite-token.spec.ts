import { expect, test } from "@playwright/test";
import { signIn, signUpAndVerify, snap, uniqueEmail } from "./support/flows";
import { linkIn, mailSeen, waitForMail } from "./support/mail";

// The main journey: a new owner signs up, creates a workspace, invites a teammate who joins
// from the mailed link, then creates a personal access token in the console and calls the API with it.
test("sign up, create a workspace, invite a member, create a token and call the API", async ({ page, browser, request }) => {
  const owner = { name: "Olivia Owner", email: uniqueEmail("owner"), password: "owner-Passphrase-42" };
  const invitee = { name: "Ivan Invitee", email: uniqueEmail("invitee"), password: "invitee-Passphrase-42" };
  const workspaceName = `Acme ${Date.now().toString(36)}`;
  const slug = workspaceName.toLowerCase().replace(/\s+/g, "-");

  await test.step("owner signs up, confirms the address and signs in", async () => {
    await signUpAndVerify(page, owner);
    await page.getByRole("link", { name: "Continue to sign in" }).click();
    await expect(page).toHaveURL(/\/auth\/sign-in/);
    await signIn(page, owner.email, owner.password);
    await expect(page).toHaveURL(/\/onboarding$/);
  });

  await test.step("owner creates the first workspace", async () => {
    await page.getByLabel("Workspace name").fill(workspaceName);
    await expect(page.getByLabel("Slug")).toHaveValue(slug);
    await snap(page, "onboarding");
    await page.getByRole("button", { name: "Create workspace" }).click();
    await expect(page).toHaveURL(new RegExp(`/w/${slug}$`));
    await expect(page.getByRole("heading", { level: 1, name: workspaceName })).toBeVisible();
    await expect(page.getByRole("link", { name: /Default\s+default/ })).toBeVisible();
    await snap(page, "overview");
  });

  let inviteUrl = "";
  await test.step("owner invites a member", async () => {
    const seen = mailSeen();
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Members" }).click();
    await expect(page).toHaveURL(new RegExp(`/w/${slug}/members$`));
    await page.getByRole("button", { name: "Invite member" }).click();
    const dialog = page.getByRole("dialog");
    await dialog.getByLabel("Email address").fill(invitee.email);
    await dialog.getByRole("button", { name: "Send invitation" }).click();
    await expect(dialog.getByText("Invitation sent")).toBeVisible();
    await snap(page, "invitation-sent");
    await dialog.getByRole("button", { name: "Done" }).click();
    await expect(page.getByRole("table", { name: "Pending invitations" }).getByText(invitee.email)).toBeVisible();
    inviteUrl = linkIn(await waitForMail(invitee.email, /invited to join/i, { seen }), "/invite/");
  });

  await test.step("the invitee signs up in their own browser and accepts", async () => {
    const context = await browser.newContext();
    const other = await context.newPage();
    await signUpAndVerify(other, invitee);
    await other.goto(inviteUrl);
    await other.getByRole("link", { name: "Sign in to accept" }).click();
    await expect(other).toHaveURL(/\/auth\/sign-in\?callbackUrl=%2Finvite%2F/);
    await signIn(other, invitee.email, invitee.password);
    await expect(other).toHaveURL(/\/invite\//);
    await other.getByRole("button", { name: `Join ${workspaceName}` }).click();
    await expect(other).toHaveURL(new RegExp(`/w/${slug}$`));
    await expect(other.getByText("You are a member")).toBeVisible();
    // A member sees neither the audit log nor an invite button: the server would refuse both.
    await expect(other.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Audit log" })).toHaveCount(0);
    await other.goto(`/w/${slug}/members`);
    await expect(other.getByRole("button", { name: "Invite member" })).toHaveCount(0);
    await context.close();
  });

  await test.step("the owner sees the new member", async () => {
    await page.reload();
    const members = page.getByRole("table", { name: "Members" });
    await expect(members.getByText(invitee.name)).toBeVisible();
    await expect(page.getByRole("table", { name: "Pending invitations" })).toHaveCount(0);
    await snap(page, "members");
  });

  let token = "";
  await test.step("owner creates a token in Settings", async () => {
    await page.goto("/settings?tab=apiKeys");
    await expect(page).toHaveURL(new RegExp(`/w/${slug}/settings\\?tab=tokens$`));
    await page.getByRole("button", { name: "Create token" }).first().click();
    const dialog = page.getByRole("dialog");
    await dialog.getByRole("textbox", { name: "Name" }).fill("e2e token");
    await expect(dialog.getByRole("checkbox", { name: /workspace:read/ })).toBeChecked();
    await dialog.getByRole("button", { name: "Create token" }).click();
    const value = dialog.getByLabel(/^Token/);
    await expect(value).toHaveValue(/^ar_pat_[0-9A-Za-z]{38}$/);
    token = await value.inputValue();
    await snap(page, "token-created");
    await dialog.getByRole("button", { name: "Done" }).click();
    const tokens = page.getByRole("table", { name: "Personal access tokens" });
    await expect(tokens.getByText("e2e token")).toBeVisible();
    await expect(tokens.getByText(`${token.slice(0, 13)}…`)).toBeVisible();
    await expect(page.getByText(token)).toHaveCount(0);
  });

  await test.step("the API accepts the token", async () => {
    const headers = { Authorization: `Bearer ${token}` };
    const me = await request.get("/v1/me", { headers });
    expect(me.status()).toBe(200);
    expect((await me.json()).user.email).toBe(owner.email);
    const projects = await request.get("/v1/projects", { headers: { ...headers, "X-Tenant-Id": slug } });
    expect(projects.status()).toBe(200);
    expect((await projects.json()).data.map((p: { slug: string }) => p.slug)).toContain("default");
  });

  await test.step("revoking the token in the console stops it on the next request", async () => {
    await page.getByRole("button", { name: "Actions for e2e token" }).click();
    await page.getByRole("menuitem", { name: "Revoke" }).click();
    await page.getByRole("alertdialog").getByRole("button", { name: "Revoke token" }).click();
    await expect(page.getByRole("table", { name: "Personal access tokens" })).toHaveCount(0);
    await expect(page.getByText("No active tokens")).toBeVisible();
    const me = await request.get("/v1/me", { headers: { Authorization: `Bearer ${token}` } });
    expect(me.status()).toBe(401);
  });
});
