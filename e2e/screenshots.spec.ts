import { mkdirSync, rmSync } from "node:fs";
import path from "node:path";
import { expect, test, type Page } from "@playwright/test";
import { ROOT } from "./support/env";
import { api, REFUND_GRAPH } from "./support/refund-workflow";
import { ownerWithWorkspace } from "./support/flows";

// The screenshot set (issue 17 §6): the key console pages at 1440×900 and 390×844, written to
// e2e-screenshots/ (kept by CI: .ci/run prints the directory and the count). Each page must
// show its heading, and at 390 px nothing may overflow the viewport sideways.

export const SCREENSHOT_DIR = path.join(ROOT, "e2e-screenshots");

/** Elements sticking out of the viewport on the right (for the failure message). */
async function overflow(page: Page): Promise<{ scrollWidth: number; width: number; culprits: string[] }> {
  return page.evaluate(() => {
    const width = document.documentElement.clientWidth;
    const culprits = [...document.querySelectorAll("body *")]
      .filter((el) => el.getBoundingClientRect().right > width + 1 && getComputedStyle(el).position !== "fixed")
      .slice(-5)
      .map((el) => `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ""}.${[...el.classList].slice(0, 4).join(".")} (right ${Math.round(el.getBoundingClientRect().right)})`);
    return { scrollWidth: Math.max(document.documentElement.scrollWidth, document.body.scrollWidth), width, culprits };
  });
}

test("screenshot set: key pages at 1440×900 and 390×844", async ({ page }) => {
  test.setTimeout(300_000);
  rmSync(SCREENSHOT_DIR, { recursive: true, force: true });
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const { slug } = await ownerWithWorkspace(page, page.request, { emailLabel: "shots", password: "shots-Passphrase-42", name: "Nora Shots", workspaceName: "Screenshot Co", slugPrefix: "shots" });
  const wf = await api<{ id: string; slug: string }>(page.request, slug, "post", "/v1/workflows", { name: "Refund triage", slug: "refund-triage", graph: REFUND_GRAPH });
  await api(page.request, slug, "post", `/v1/workflows/${wf.id}/publish`, {});
  const failed = await api<{ id: string }>(page.request, slug, "post", `/v1/workflows/${wf.id}/runs`, { input: { name: "Ada", amount: 42 } });
  const waiting = await api<{ id: string }>(page.request, slug, "post", `/v1/workflows/${wf.id}/runs`, { input: { name: "Grace", amount: 500 } });
  await expect.poll(async () => (await api<{ status: string }>(page.request, slug, "get", `/v1/runs/${failed.id}`)).status, { timeout: 30_000 }).toBe("failed");
  await expect.poll(async () => (await api<{ status: string }>(page.request, slug, "get", `/v1/runs/${waiting.id}`)).status, { timeout: 30_000 }).toBe("waiting_approval");

  const w = `/w/${slug}`;
  const p = `${w}/projects/default`;
  const pages: { name: string; url: string; heading: RegExp }[] = [
    { name: "command-center", url: `${p}/runs`, heading: /Command Center/ },
    { name: "workflows", url: `${p}/workflows`, heading: /Workflows/ },
    { name: "editor", url: `${p}/workflows/refund-triage`, heading: /Refund triage/ },
    { name: "run-trace-failed", url: `${p}/runs/${failed.id}`, heading: /./ },
    { name: "approvals", url: `${p}/approvals`, heading: /Approvals/ },
    { name: "billing", url: `${w}/billing`, heading: /Billing/ },
    { name: "audit", url: `${w}/audit`, heading: /Audit/ },
    { name: "settings", url: `${w}/settings`, heading: /Settings/ },
  ];

  // Every other console page is checked at 390 px too (and kept as a screenshot).
  const phoneOnly: { name: string; url: string; heading: RegExp }[] = [
    ["overview", w],
    ["projects", `${w}/projects`],
    ["project", p],
    ["versions", `${p}/workflows/refund-triage/versions`],
    ["inbound", `${p}/workflows/refund-triage/inbound`],
    ["agents", `${p}/agents`],
    ["connections", `${p}/connections`],
    ["tools", `${p}/tools`],
    ["mcp-instances", `${p}/mcp-instances`],
    ["webhooks", `${p}/webhooks`],
    ["providers", `${w}/providers`],
    ["members", `${w}/members`],
    ["domains", `${w}/domains`],
    ["tokens", `${w}/settings?tab=tokens`],
    ["account", "/settings"],
  ].map(([name, url]) => ({ name, url, heading: /./ }));

  for (const size of [
    { width: 1440, height: 900 },
    { width: 390, height: 844 },
  ]) {
    await page.setViewportSize(size);
    for (const shot of size.width === 390 ? [...pages, ...phoneOnly] : pages) {
      await test.step(`${shot.name} at ${size.width}`, async () => {
        const res = await page.goto(shot.url);
        expect(res?.status(), shot.url).toBeLessThan(400);
        await expect(page.getByRole("heading", { level: 1 }).first()).toHaveText(shot.heading);
        // Client components fetch after the first paint (the Command Center streams: no network idle).
        await page.waitForTimeout(800);
        if (size.width === 390) {
          const o = await overflow(page);
          expect.soft(o.scrollWidth, `${shot.name} overflows at 390 px: ${o.culprits.join(", ")}`).toBeLessThanOrEqual(o.width);
        }
        await page.screenshot({ path: path.join(SCREENSHOT_DIR, `${shot.name}-${size.width}.png`), fullPage: true });
      });
    }
  }
});
