import { expect, test } from "@playwright/test";
import { startFakeVendor } from "../test/connections/fake-vendor";
import { ownerWithWorkspace, snap } from "./support/flows";

// A GitHub PAT connection pointed at a fake GitHub on 127.0.0.1 (allowed for the e2e server
// by CONNECTIONS_ALLOWED_HOSTS): create with a write-only key, test it (badge turns Active),
// rotate (a rejected key changes nothing; a good one is swapped in), delete.
const KEY = "ghp_e2eCanaryKey0000000000000000a1b2";
const NEXT_KEY = "ghp_e2eRotatedKey000000000000000c3d4";
const BAD_KEY = "ghp_e2eRejectedKey00000000000000e5f6";

test("create, test, rotate and delete an API-key connection", async ({ page, request }) => {
  const fake = await startFakeVendor([KEY, NEXT_KEY]);
  try {
    const { slug } = await ownerWithWorkspace(page, request, {
      emailLabel: "connections",
      password: "connections-Passphrase-42",
      name: "Cora Connect",
      workspaceName: "Connect Co",
      slugPrefix: "conn",
    });

    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Connections" }).click();
    await expect(page).toHaveURL(new RegExp(`/w/${slug}/projects/default/connections$`));
    await expect(page.getByRole("heading", { level: 1, name: "Connections" })).toBeVisible();
    await expect(page.getByText("No connections yet")).toBeVisible();
    const row = page.getByTestId("connection-GitHub e2e");

    await test.step("create: the key is write-only, only its hint shows", async () => {
      await page.getByRole("button", { name: "New connection" }).click();
      const dialog = page.getByRole("dialog");
      await expect(dialog.getByRole("heading", { name: "OAuth" })).toBeVisible();
      await dialog.getByRole("button", { name: /GitHub \(PAT\)/ }).click();
      await dialog.getByLabel("Name").fill("GitHub e2e");
      await dialog.getByLabel("Base URL (optional)").fill(fake.url);
      await dialog.getByLabel("API key").fill(KEY);
      await dialog.getByRole("button", { name: "Save connection" }).click();
      await expect(dialog).toBeHidden();
      await expect(row.getByTestId("connection-status")).toHaveText("Not tested");
      await expect(row.getByText(`…${KEY.slice(-4)}`)).toBeVisible();
      expect(await page.content()).not.toContain(KEY);
    });

    await test.step("test: the fake GitHub sees the key and the badge turns Active", async () => {
      await row.getByRole("button", { name: "Test" }).click();
      await expect(row.getByTestId("connection-status")).toHaveText("Active");
      expect(fake.seen.map((r) => [r.path, r.key])).toEqual([["/user", KEY]]);
      await snap(page, "connections");
    });

    await test.step("rotate: a rejected key changes nothing; a good one is swapped in", async () => {
      await row.getByRole("button", { name: "Rotate" }).click();
      const dialog = page.getByRole("dialog");
      await dialog.getByLabel("New key").fill(BAD_KEY);
      await dialog.getByRole("button", { name: "Validate and rotate" }).click();
      await expect(dialog.getByText("The current secret is still active.")).toBeVisible();
      await expect(dialog.getByText(/rejected the credentials \(401\)/).first()).toBeVisible();
      await dialog.getByLabel("New key").fill(NEXT_KEY);
      await dialog.getByRole("button", { name: "Validate and rotate" }).click();
      await expect(dialog).toBeHidden();
      await expect(row.getByText(`…${NEXT_KEY.slice(-4)}`)).toBeVisible();
      await expect(row.getByText("version 2")).toBeVisible();
      await expect(row.getByTestId("connection-status")).toHaveText("Active");
      expect(fake.seen.slice(1).map((r) => r.key)).toEqual([BAD_KEY, NEXT_KEY]);
      const html = await page.content();
      for (const k of [KEY, NEXT_KEY, BAD_KEY]) expect(html).not.toContain(k);
    });

    await test.step("delete", async () => {
      await row.getByRole("button", { name: "Delete GitHub e2e" }).click();
      await page.getByRole("button", { name: "Delete connection" }).click();
      await expect(page.getByText("No connections yet")).toBeVisible();
    });
  } finally {
    await fake.close();
  }
});
