import AxeBuilder from "@axe-core/playwright";
import { expect, test } from "@playwright/test";
import { ownerWithWorkspace } from "./support/flows";

// Accessibility: axe (WCAG 2.1 A and AA rules) on every console page a new owner reaches, with a
// published workflow and one run so the editor, versions and run pages have content. Serious
// and critical violations fail the test; each is listed with its page, rule and elements.

const HELLO = {
  nodes: [
    { id: "trigger", type: "trigger", config: { inputSchema: { type: "object", properties: { name: { type: "string" } }, required: ["name"] } } },
    { id: "greet", type: "transform", config: { expression: '{"greeting": "Hello, " & input.name & "!"}' } },
    { id: "output", type: "output", config: {} },
  ],
  edges: [
    { id: "e1", source: "trigger", target: "greet" },
    { id: "e2", source: "greet", target: "output" },
  ],
};

test("every console page: 0 serious or critical axe violations", async ({ page }) => {
  test.setTimeout(600_000);
  const { slug } = await ownerWithWorkspace(page, page.request, {
    emailLabel: "axe",
    password: "axe-Passphrase-42",
    name: "Ada Axe",
    workspaceName: "Axe Co",
    slugPrefix: "axe",
  });
  const headers = { "X-Tenant-Id": slug, "X-Project-Id": "default" };
  const created = await page.request.post("/v1/workflows", { headers, data: { name: "Hello", slug: "hello", graph: HELLO } });
  expect(created.status(), await created.text()).toBe(201);
  expect((await page.request.post("/v1/workflows/hello/publish", { headers, data: {} })).status()).toBe(201);
  const run = await page.request.post("/v1/workflows/hello/runs", { headers, data: { input: { name: "Ada" } } });
  expect(run.status(), await run.text()).toBe(201);
  const runId = ((await run.json()) as { id: string }).id;
  // A project without workflows: its workflows page shows the templates gallery.
  const empty = await page.request.post("/v1/projects", { headers: { "X-Tenant-Id": slug }, data: { name: "Empty", slug: "empty" } });
  expect(empty.status(), await empty.text()).toBe(201);

  const w = `/w/${slug}`;
  const p = `${w}/projects/default`;
  const pages = [
    w,
    `${w}/projects`,
    p,
    `${p}/workflows`,
    `${w}/projects/empty/workflows`,
    `${p}/workflows/hello`,
    `${p}/workflows/hello/versions`,
    `${p}/workflows/hello/versions/1`,
    `${p}/workflows/hello/inbound`,
    `${p}/runs`,
    `${p}/runs/${runId}`,
    `${p}/approvals`,
    `${p}/agents`,
    `${p}/connections`,
    `${p}/tools`,
    `${p}/mcp-instances`,
    `${p}/webhooks`,
    `${w}/providers`,
    `${w}/members`,
    `${w}/audit`,
    `${w}/domains`,
    `${w}/billing`,
    `${w}/settings`,
    `${w}/settings?tab=tokens`,
    "/settings",
    // Last: the API reference renders every operation, and axe takes longest there.
    `${w}/api`,
  ];

  for (const url of pages) {
    await test.step(url, async () => {
      const res = await page.goto(url);
      expect(res?.status(), url).toBeLessThan(400);
      await expect(page.getByRole("heading", { level: 1 }).first()).toBeVisible();
      // Client components fetch after the first paint; let them settle.
      await page.waitForTimeout(500);
      const result = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
      const found = result.violations
        .filter((v) => v.impact === "serious" || v.impact === "critical")
        .map((v) => `[${v.impact}] ${v.id} — ${v.help}\n    ${v.nodes.slice(0, 5).map((n) => `${n.target.join(" ")}: ${n.failureSummary?.split("\n").slice(1).join(" ").trim()}`).join("\n    ")}`);
      // Soft: every page is checked and reported, not only the first that fails.
      expect.soft(found, `${url}\n${found.join("\n")}`).toEqual([]);
    });
  }

  // Overlays every page has or opens from the workflows list: the top-bar scope switcher and the templates dialog.
  for (const [name, button, opened] of [
    ["scope switcher", page.getByRole("button", { name: /^Switch workspace or project/ }), page.getByRole("combobox", { name: "Search workspaces and projects" })],
    ["templates dialog", page.getByRole("button", { name: "Templates" }), page.getByRole("dialog", { name: "Start from a template" })],
  ] as const) {
    await test.step(name, async () => {
      await page.goto(`${p}/workflows`);
      // Clicked again only while the page was not hydrated yet.
      await expect(async () => {
        if ((await button.getAttribute("aria-expanded")) !== "true") await button.click();
        await expect(opened).toBeVisible({ timeout: 2_000 });
      }).toPass({ timeout: 20_000 });
      await page.waitForTimeout(300);
      const result = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
      const found = result.violations.filter((v) => v.impact === "serious" || v.impact === "critical").map((v) => `[${v.impact}] ${v.id} — ${v.help}: ${v.nodes.slice(0, 5).map((n) => n.target.join(" ")).join(", ")}`);
      expect.soft(found, `${name}\n${found.join("\n")}`).toEqual([]);
      await page.keyboard.press("Escape");
    });
  }
});
