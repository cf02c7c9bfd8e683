import { expect, test } from "@playwright/test";
import { ownerWithWorkspace, snap } from "./support/flows";

// Settings → General → Delete workspace: typed confirmation, then a banner with the time left
// across the workspace's pages, and Cancel restores the workspace.
test("delete the workspace with a grace window, see the time left, then cancel", async ({ page, request }) => {
  const { slug } = await ownerWithWorkspace(page, request, {
    emailLabel: "deleter",
    password: "delete-Passphrase-42",
    name: "Dana Delete",
    workspaceName: "Doomed Co",
    slugPrefix: "doomed",
  });

  await page.goto(`/w/${slug}/settings`);
  const zone = page.getByTestId("danger-zone");
  await expect(zone).toBeVisible();
  // The configured grace window (24 h by default), in words.
  await expect(zone).toContainText("There is a grace window of 24 hours in which you can cancel");
  const button = zone.getByRole("button", { name: "Delete workspace" });
  await expect(button).toBeDisabled();
  await zone.getByLabel(`Type ${slug} to confirm`).fill("wrong-slug");
  await expect(button).toBeDisabled();
  await zone.getByLabel(`Type ${slug} to confirm`).fill(slug);
  await button.click();

  const banner = page.getByTestId("deletion-banner");
  await expect(banner).toBeVisible();
  // The default grace window is 24 hours.
  await expect(banner.getByTestId("deletion-time-left")).toHaveText(/^2[34] h \d{2} min$/);
  await expect(page.getByTestId("danger-zone")).toHaveCount(0);
  await snap(page, "workspace-deletion-banner");

  // The banner follows the owner across the workspace's pages.
  await page.goto(`/w/${slug}/workflows`);
  await expect(page.getByTestId("deletion-banner")).toBeVisible();

  await page.getByTestId("deletion-banner").getByRole("button", { name: "Cancel deletion" }).click();
  await expect(page.getByTestId("deletion-banner")).toHaveCount(0);
  await page.goto(`/w/${slug}/settings`);
  await expect(page.getByTestId("danger-zone")).toBeVisible();
});
