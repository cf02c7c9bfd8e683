import { readFileSync } from "node:fs";
import { expect, test } from "@playwright/test";
import { ownerWithWorkspace, snap } from "./support/flows";

// The console pages around the main journey: projects, domains, the audit log with its
// filters and export, the API reference, and the layout in dark mode and on a phone.
test("projects, domains, audit log and API reference", async ({ page, request }) => {
  const { slug } = await ownerWithWorkspace(page, request, {
    emailLabel: "tour",
    password: "tour-Passphrase-42",
    name: "Tara Tour",
    workspaceName: "Tour Co",
    slugPrefix: "tour",
  });

  await test.step("create a project from the switcher, rename it", async () => {
    await page.getByRole("button", { name: /Switch workspace or project/ }).click();
    await expect(page.getByRole("option", { name: /Create workspace/ })).toBeVisible();
    await snap(page, "switcher");
    await page.getByRole("option", { name: "Create project" }).click();
    const dialog = page.getByRole("dialog");
    await dialog.getByLabel("Project name").fill("Support Agents");
    await expect(dialog.getByLabel("Slug")).toHaveValue("support-agents");
    await dialog.getByRole("button", { name: "Create project" }).click();
    // A new project opens on its contents; its settings are one click away in the breadcrumb.
    await expect(page).toHaveURL(new RegExp(`/w/${slug}/projects/support-agents/workflows$`));
    await expect(page.getByText("No workflows yet")).toBeVisible();
    await expect(page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Workflows" })).toHaveAttribute("aria-current", "page");
    await page.getByRole("navigation", { name: "Breadcrumb" }).getByRole("link", { name: "Support Agents" }).click();
    await expect(page).toHaveURL(new RegExp(`/w/${slug}/projects/support-agents$`));
    await page.getByRole("textbox", { name: "Name" }).fill("Support Bots");
    await page.getByRole("button", { name: "Save" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Support Bots" })).toBeVisible();
    await snap(page, "project");
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Projects" }).click();
    await expect(page.getByRole("table", { name: "Projects" }).getByRole("link", { name: "Support Bots" })).toBeVisible();
    await snap(page, "projects");
  });

  await test.step("add a domain and see the TXT record to publish", async () => {
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Domains" }).click();
    await page.getByRole("textbox", { name: "Domain" }).fill("Example.ORG");
    await page.getByRole("button", { name: "Add domain" }).click();
    await expect(page.getByText("Pending verification")).toBeVisible();
    await expect(page.getByLabel("TXT record name", { exact: true })).toHaveText("_agentruntime.example.org");
    await expect(page.getByRole("switch", { name: "Restrict membership to verified domains" })).toBeDisabled();
    await snap(page, "domains");
  });

  await test.step("filter the audit log, open an entry, export it", async () => {
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Audit log" }).click();
    const log = page.getByRole("table", { name: "Audit log" });
    await expect(log.getByText("domain.create")).toBeVisible();
    await page.getByRole("combobox", { name: "Action" }).fill("project.*");
    await page.getByRole("combobox", { name: "Action" }).press("Enter");
    await expect(page).toHaveURL(/action=project\.\*/);
    await expect(log.getByText("domain.create")).toHaveCount(0);
    await expect(log.getByText("project.update")).toBeVisible();
    await log.getByRole("button", { name: "Show details of project.update" }).click();
    await expect(log.getByText('"name": "Support Bots"')).toBeVisible();
    await snap(page, "audit");
    const download = page.waitForEvent("download");
    await page.getByRole("button", { name: "Export JSON Lines" }).click();
    const lines = readFileSync(await (await download).path(), "utf8").trim().split("\n").map((l) => JSON.parse(l));
    expect(lines.length).toBeGreaterThanOrEqual(2);
    expect(lines.every((e: { action: string }) => e.action.startsWith("project."))).toBe(true);
  });

  await test.step("read the API reference", async () => {
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "API reference" }).click();
    const op = page.locator("details").filter({ hasText: "/v1/projects" }).filter({ hasText: "POST" }).first();
    await op.locator("summary").click();
    await expect(op.getByRole("heading", { name: /^Request body/ })).toBeVisible();
    await snap(page, "api-reference");
  });

  await test.step("dark mode and a phone-sized screen", async () => {
    await page.emulateMedia({ colorScheme: "dark" });
    await page.goto(`/w/${slug}`);
    await snap(page, "overview-dark");
    await page.setViewportSize({ width: 390, height: 844 });
    await page.getByRole("button", { name: "Open navigation" }).click();
    await expect(page.getByRole("dialog").getByRole("link", { name: "Members" })).toBeVisible();
    await snap(page, "mobile-nav");
  });
});
