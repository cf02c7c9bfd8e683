import { expect, test } from "@playwright/test";
import { api, REFUND_GRAPH } from "./support/refund-workflow";
import { ownerWithWorkspace, snap } from "./support/flows";

// Reading a failed run's trace (issue 17 §3): a refund workflow whose condition routes a
// small refund to a check that fails. The run page shows the run's input and why there is
// no output, the graph with the failed step in red, the branch not taken dimmed and the
// output never reached, a waterfall with the failing step, and the failing step's error and
// the values it read, searchable and copyable. Clicking a node scrolls to its step.

test("a failed run's trace: input, path on the graph, waterfall, the failing step's error and input", async ({ page, context }) => {
  test.setTimeout(120_000);
  await page.setViewportSize({ width: 1440, height: 900 });
  await context.grantPermissions(["clipboard-read", "clipboard-write"]);
  const { slug } = await ownerWithWorkspace(page, page.request, { emailLabel: "trace", password: "trace-Passphrase-42", name: "Tracy Trace", workspaceName: "Trace Co", slugPrefix: "trace" });
  const wf = await api<{ id: string }>(page.request, slug, "post", "/v1/workflows", { name: "Refund triage", graph: REFUND_GRAPH });
  await api(page.request, slug, "post", `/v1/workflows/${wf.id}/publish`, {});
  const run = await api<{ id: string }>(page.request, slug, "post", `/v1/workflows/${wf.id}/runs`, { input: { name: "Ada", amount: 42 } });
  await expect.poll(async () => (await api<{ status: string }>(page.request, slug, "get", `/v1/runs/${run.id}`)).status, { timeout: 30_000 }).toBe("failed");

  await page.goto(`/w/${slug}/projects/default/runs/${run.id}`);
  await expect(page.getByTestId("run-status").first()).toHaveAttribute("data-status", "failed");

  await test.step("the run's input and why it has no output, at the top", async () => {
    await expect(page.getByTestId("run-input")).toContainText('"amount": 42');
    await expect(page.getByTestId("run-output")).toContainText("No output: the run failed at step check");
  });

  await test.step("the path taken on the graph: failed step red, branch not taken dimmed", async () => {
    const graph = page.getByTestId("run-graph");
    await expect(graph.getByTestId("trace-node-classify")).toHaveAttribute("data-state", "succeeded");
    await expect(graph.getByTestId("trace-node-route")).toHaveAttribute("data-state", "succeeded");
    const check = graph.getByTestId("trace-node-check");
    await expect(check).toHaveAttribute("data-state", "failed");
    await expect(check).toContainText("Failed");
    // Red: the failed node's border is the theme's destructive colour.
    const destructive = await page.evaluate(() => {
      const probe = document.createElement("div");
      probe.style.borderTop = "1px solid var(--destructive)";
      document.body.appendChild(probe);
      const color = getComputedStyle(probe).borderTopColor;
      probe.remove();
      return color;
    });
    expect(await check.evaluate((el) => getComputedStyle(el).borderTopColor)).toBe(destructive);
    await expect(graph.getByTestId("trace-node-review")).toHaveAttribute("data-state", "skipped");
    await expect(graph.getByTestId("trace-node-refunded")).toHaveAttribute("data-state", "not_reached");
    expect(Number(await graph.getByTestId("trace-node-review").evaluate((el) => getComputedStyle(el).opacity))).toBeLessThan(0.5);
  });

  await test.step("the waterfall shows the failing step", async () => {
    const row = page.getByTestId("waterfall-check");
    await expect(row).toHaveAttribute("data-status", "failed");
    await expect(row.locator('[data-kind="failed"]')).toHaveCount(1);
    await expect(row.getByRole("img")).toHaveAttribute("title", /^Check order: .*Failed \d+ ms/);
    await expect(page.getByTestId("waterfall-review")).toHaveCount(0);
    await expect(page.getByTestId("waterfall-run-queued").locator('[data-kind="queued"]')).toHaveCount(1);
    await snap(page, "run-trace-failed-1440");
  });

  await test.step("clicking the failed node scrolls to its step: error and the values it read", async () => {
    await page.getByTestId("trace-node-check").click();
    const step = page.getByTestId("step-check");
    await expect(step).toBeInViewport();
    await expect(step.getByTestId("step-error")).toContainText("No order found for Ada");
    await expect(step.getByTestId("step-expression")).toContainText("$error(");
    const input = step.getByTestId("json-input");
    await expect(input).toContainText('"customer": "Ada"');
    await expect(input).toContainText('"tier": "small"');

    await input.getByRole("searchbox", { name: "Search input (values read)" }).fill("tier");
    await expect(input).toContainText('"tier": "small"');
    await expect(input).not.toContainText('"customer"');
    await input.getByRole("searchbox").fill("zebra");
    await expect(input.getByTestId("json-no-match")).toContainText("Nothing matches");

    // Copy gives the whole value, whatever the filter shows.
    await input.getByRole("button", { name: "Copy input (values read)" }).click();
    const copied = JSON.parse(await page.evaluate(() => navigator.clipboard.readText()));
    expect(copied).toEqual({ steps: { classify: { output: { customer: "Ada", amount: 42, tier: "small" } } } });
    await snap(page, "run-trace-failed-step-1440");
  });

  await test.step("the same trace at 390 px", async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    await page.reload();
    await expect(page.getByTestId("trace-node-check")).toHaveAttribute("data-state", "failed");
    await expect(page.getByTestId("waterfall-check")).toBeVisible();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await snap(page, "run-trace-failed-390");
  });
});
