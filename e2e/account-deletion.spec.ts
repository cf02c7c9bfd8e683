import { expect, test } from "@playwright/test";
import { ownerWithWorkspace, snap } from "./support/flows";

// Settings → Account → Delete account: refused with the reason while the user owns a live
// workspace; once that workspace is pending deletion, the account deletion is scheduled with the
// time left shown, and Cancel brings the form back.
test("delete the account: refused as a workspace owner, then scheduled with the time left, then canceled", async ({ page, request }) => {
  const { email, slug } = await ownerWithWorkspace(page, request, {
    emailLabel: "leaver",
    password: "leaver-Passphrase-42",
    name: "Lee Leaver",
    workspaceName: "Leaving Co",
    slugPrefix: "leaving",
  });

  await page.goto(`/w/${slug}/settings?tab=account`);
  const zone = page.getByTestId("account-danger-zone");
  await expect(zone).toBeVisible();
  const button = zone.getByRole("button", { name: "Delete account" });
  await expect(button).toBeDisabled();
  await zone.getByLabel(`Type ${email} to confirm`).fill(email);
  await button.click();
  // The sole owner of a workspace is told which one and what to do.
  await expect(zone.getByRole("alert")).toContainText(`You are the owner of "Leaving Co" (${slug}): transfer ownership to another member or delete the workspace first`);

  // Delete the workspace (grace window), then the account goes through.
  await page.goto(`/w/${slug}/settings`);
  await page.getByTestId("danger-zone").getByLabel(`Type ${slug} to confirm`).fill(slug);
  await page.getByTestId("danger-zone").getByRole("button", { name: "Delete workspace" }).click();
  await expect(page.getByTestId("deletion-banner")).toBeVisible();

  await page.goto(`/w/${slug}/settings?tab=account`);
  await zone.getByLabel(`Type ${email} to confirm`).fill(email);
  await zone.getByRole("button", { name: "Delete account" }).click();
  await expect(zone.getByTestId("account-deletion-time-left")).toHaveText(/^2[34] h \d{2} min$/);
  await snap(page, "account-deletion-pending");
  // It survives a reload (it is the server's state, not the page's).
  await page.reload();
  await expect(zone.getByTestId("account-deletion-time-left")).toBeVisible();

  await zone.getByRole("button", { name: "Cancel deletion" }).click();
  await expect(zone.getByLabel(`Type ${email} to confirm`)).toBeVisible();
  await expect(zone.getByTestId("account-deletion-time-left")).toHaveCount(0);
  const state = await page.request.get("/v1/me/deletion");
  expect(await state.json()).toMatchObject({ status: "none" });
});
