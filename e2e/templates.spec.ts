import { expect, test } from "@playwright/test";
import { ownerWithWorkspace, snap } from "./support/flows";

// A template to a published workflow and a run (issue 17 §2, §6): the empty workflows page
// offers the gallery; "Use template" opens a working draft in the editor; it publishes as it
// is; running version 1 with the template's sample order succeeds and the run's trace shows
// the path taken (the large-order branch) and the output.

test("a starter template becomes a published workflow whose run succeeds", async ({ page }) => {
  test.setTimeout(120_000);
  await page.setViewportSize({ width: 1440, height: 900 });
  const { slug } = await ownerWithWorkspace(page, page.request, { emailLabel: "templates", password: "templates-Passphrase-42", name: "Tess Template", workspaceName: "Template Co", slugPrefix: "tpl" });

  await test.step("the empty workflows page shows the gallery with at least 6 templates", async () => {
    await page.goto(`/w/${slug}/projects/default/workflows`);
    const gallery = page.getByRole("list", { name: "Templates" });
    await expect(gallery.getByRole("listitem").filter({ has: page.getByRole("button", { name: /^Use template / }) })).toHaveCount(7);
    const card = page.getByTestId("template-order-pipeline");
    await expect(card).toContainText("Validate and total an order");
    await expect(card.getByRole("list", { name: "Steps" })).toContainText("Compute totals");
    await expect(card).toContainText("Runs as it is");
    await expect(page.getByTestId("template-webhook-forwarder")).toContainText("Needs: An HTTP connection");
    await snap(page, "templates-gallery-1440");
  });

  await test.step("Use template: the editor opens on a draft with no problems", async () => {
    // The button is enabled once the page is hydrated; a click creates exactly one workflow.
    await page.getByRole("button", { name: "Use template Validate and total an order" }).click();
    await expect(page).toHaveURL(new RegExp(`/w/${slug}/projects/default/workflows/validate-and-total-an-order$`));
    await expect(page.locator(".react-flow__node")).toHaveCount(5);
    await expect(page.getByRole("button", { name: "Publish", exact: true })).toBeEnabled();
  });

  await test.step("publish version 1", async () => {
    await page.getByRole("button", { name: "Publish", exact: true }).click();
    const dialog = page.getByRole("dialog");
    await dialog.getByRole("button", { name: "Publish version 1" }).click();
    await expect(dialog).toBeHidden();
    await expect(page.getByText("Latest: v1", { exact: true })).toBeVisible();
  });

  await test.step("run version 1 with the sample order; the trace shows it succeeded on the review branch", async () => {
    await page.goto(`/w/${slug}/projects/default/workflows/validate-and-total-an-order/versions/1`);
    const run = page.getByRole("region", { name: "Run" });
    const runButton = page.getByRole("button", { name: "Run this version" });
    // Clicked again only while the page was not hydrated yet (the button is a toggle).
    await expect(async () => {
      if ((await runButton.getAttribute("aria-pressed")) !== "true") await runButton.click();
      await expect(run).toBeVisible({ timeout: 2_000 });
    }).toPass({ timeout: 20_000 });
    // The order's lines are an array of objects: given as JSON (the form tab covers flat fields).
    await run.getByRole("tab", { name: "JSON" }).click();
    await run.getByLabel("Input (JSON)").fill(JSON.stringify({ orderId: "A-1001", lines: [{ sku: "pen", qty: 3, price: 2.5 }, { sku: "desk", qty: 1, price: 1200 }] }));
    await run.getByRole("button", { name: "Start run" }).click();
    await expect(run.getByTestId("run-progress").getByTestId("run-status").first()).toHaveText(/Succeeded/, { timeout: 60_000 });
    await run.getByRole("link", { name: "Open run" }).click();
    await expect(page).toHaveURL(new RegExp(`/w/${slug}/projects/default/runs/run_`));
    await expect(page.getByTestId("run-status").first()).toHaveAttribute("data-status", "succeeded");
    await expect(page.getByTestId("run-output")).toContainText('"status": "review"');
    await expect(page.getByTestId("run-output")).toContainText('"total": 1207.5');
    const graph = page.getByTestId("run-graph");
    await expect(graph.getByTestId("trace-node-review")).toHaveAttribute("data-state", "succeeded");
    await expect(graph.getByTestId("trace-node-accept")).toHaveAttribute("data-state", "skipped");
    await snap(page, "templates-run-1440");
  });
});
