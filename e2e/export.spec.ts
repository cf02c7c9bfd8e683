import { readFileSync } from "node:fs";
import { gunzipSync } from "node:zlib";
import { expect, test } from "@playwright/test";
import { ownerWithWorkspace, snap } from "./support/flows";

// Settings → Data: the owner exports the workspace, watches the job finish (the console polls
// its progress) and downloads the archive through its signed link.
test("export the workspace from Settings → Data and download the archive", async ({ page, request }) => {
  const { slug } = await ownerWithWorkspace(page, request, {
    emailLabel: "export",
    password: "export-Passphrase-42",
    name: "Ella Export",
    workspaceName: "Export Co",
    slugPrefix: "export",
  });

  await page.goto(`/w/${slug}/settings`);
  await page.getByRole("navigation", { name: "Settings sections" }).getByRole("link", { name: "Data" }).click();
  await expect(page.getByText("Export workspace", { exact: true }).first()).toBeVisible();
  await page.getByRole("button", { name: "Export workspace" }).click();

  const status = page.getByTestId("export-status").first();
  await expect(status).toBeVisible();
  // The job runs in the worker; the panel polls until the link appears.
  const link = status.getByRole("link", { name: "Download archive" });
  await expect(link).toBeVisible({ timeout: 30_000 });
  await expect(status.getByText("succeeded")).toBeVisible();
  await expect(status.getByText(/files · \d+ rows/)).toBeVisible();
  await snap(page, "settings-data-export");

  const [download] = await Promise.all([page.waitForEvent("download"), link.click()]);
  expect(download.suggestedFilename()).toMatch(new RegExp(`^agentruntime-${slug}-\\d{8}T\\d{6}Z\\.tar\\.gz$`));
  const tar = gunzipSync(readFileSync(await download.path()));
  const text = tar.toString("latin1");
  expect(text).toContain("manifest.json");
  expect(text).toContain("agentruntime.export.v1");
  expect(text).toContain(`"slug":"${slug}"`);
  expect(text).toContain("projects.ndjson");
});
