import { expect, test, type APIRequestContext } from "@playwright/test";
import { ownerWithWorkspace, snap } from "./support/flows";

// Switching projects from the top bar (issue 17 §4, §6): two projects with a workflow each,
// and two workspaces with the same name. The switcher is opened and used with the keyboard,
// the page shows the other project's contents, the choice survives a reload and is where the
// sidebar and `/` lead afterwards; same-named workspaces are told apart by their slugs.

async function post(request: APIRequestContext, path: string, data: unknown, headers: Record<string, string> = {}) {
  const res = await request.post(path, { headers, data });
  expect(res.ok(), `POST ${path} → ${res.status()} ${await res.text()}`).toBe(true);
  return res.json();
}

test("switch projects and same-named workspaces from the top bar; the choice is remembered", async ({ page }) => {
  test.setTimeout(120_000);
  await page.setViewportSize({ width: 1440, height: 900 });
  const { slug } = await ownerWithWorkspace(page, page.request, { emailLabel: "switch", password: "switch-Passphrase-42", name: "Sam Switch", workspaceName: "Twin Co", slugPrefix: "twin" });
  const twin = `${slug}-b`;
  await post(page.request, "/v1/workspaces", { name: "Twin Co", slug: twin });
  for (const [project, flow] of [["alpha", "Alpha intake"], ["beta", "Beta billing"]]) {
    await post(page.request, "/v1/projects", { name: project === "alpha" ? "Alpha" : "Beta", slug: project }, { "X-Tenant-Id": slug });
    await post(page.request, "/v1/workflows", { name: flow }, { "X-Tenant-Id": slug, "X-Project-Id": project });
  }

  const trigger = page.getByRole("button", { name: /^Switch workspace or project/ });
  const search = page.getByRole("combobox", { name: "Search workspaces and projects" });
  const workflows = page.getByRole("table", { name: "Workflows" });
  /** Opens the switcher (by keyboard or click), again while the page was not hydrated yet. */
  const openSwitcher = (how: "keyboard" | "click") =>
    expect(async () => {
      if ((await trigger.getAttribute("aria-expanded")) !== "true") {
        if (how === "keyboard") {
          await trigger.focus();
          await page.keyboard.press("Enter");
        } else await trigger.click();
      }
      await expect(search).toBeFocused({ timeout: 2_000 });
    }).toPass({ timeout: 20_000 });

  await test.step("the top bar shows the workspace and the project of the page", async () => {
    await page.goto(`/w/${slug}/projects/alpha/workflows`);
    await expect(workflows.getByRole("link", { name: "Alpha intake" })).toBeVisible();
    await expect(page.getByTestId("scope-workspace")).toHaveText("Twin Co");
    await expect(page.getByTestId("scope-project")).toHaveText("Alpha");
  });

  await test.step("keyboard: open the switcher, search, pick Beta; the page shows Beta's workflows", async () => {
    await openSwitcher("keyboard");
    // Both workspaces named "Twin Co" are listed, each with its slug.
    await expect(page.getByTestId(`scope-workspace-${slug}`)).toContainText(`Twin Co ${slug}`);
    await expect(page.getByTestId(`scope-workspace-${twin}`)).toContainText(`Twin Co ${twin}`);
    await expect(page.getByTestId(`scope-workspace-${slug}`)).toContainText("Owner");
    await snap(page, "scope-switcher-1440");
    await page.keyboard.type("beta");
    await expect(page.getByRole("option")).toHaveCount(1);
    await expect(page.getByRole("option", { name: /Beta/ })).toHaveAttribute("data-selected", "true");
    await page.keyboard.press("Enter");
    await expect(page).toHaveURL(new RegExp(`/w/${slug}/projects/beta/workflows$`));
    await expect(workflows.getByRole("link", { name: "Beta billing" })).toBeVisible();
    await expect(workflows.getByRole("link", { name: "Alpha intake" })).toHaveCount(0);
    await expect(page.getByTestId("scope-project")).toHaveText("Beta");
  });

  await test.step("the choice survives a reload, and the sidebar and / lead to it", async () => {
    await page.reload();
    await expect(page.getByTestId("scope-project")).toHaveText("Beta");
    await page.goto(`/w/${slug}/members`);
    await expect(page.getByTestId("scope-project")).toHaveText("Beta");
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Command Center" }).click();
    await expect(page).toHaveURL(new RegExp(`/w/${slug}/projects/beta/runs`));
    await page.goto("/");
    await expect(page).toHaveURL(new RegExp(`/w/${slug}/projects/beta/workflows$`));
  });

  await test.step("the other Twin Co: its project, in the same section", async () => {
    await page.goto(`/w/${slug}/projects/beta/runs`);
    await openSwitcher("click");
    await page.getByTestId(`scope-project-${twin}-default`).click();
    await expect(page).toHaveURL(new RegExp(`/w/${twin}/projects/default/runs`));
    await expect(trigger).toHaveAccessibleName(new RegExp(`workspace Twin Co \\(${twin}\\), project Default`));
  });

  await test.step("at 390 px the scope stays in the top bar", async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`/w/${slug}/projects/alpha/workflows`);
    await expect(trigger).toBeVisible();
    await expect(page.getByTestId("scope-project")).toHaveText("Alpha");
    await openSwitcher("click");
    await snap(page, "scope-switcher-390");
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
  });
});
