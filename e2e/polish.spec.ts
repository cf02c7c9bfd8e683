import { expect, test, type APIRequestContext } from "@playwright/test";
import { formatCreditsExact } from "../components/console/billing/format";
import { ownerWithWorkspace, snap } from "./support/flows";

// Issue 17 §5 and mobile: the audit log reads as sentences with autosaves coalesced, the
// ledger has one row per run that expands to its charges, and on a phone the editor's
// inspector is a bottom sheet under the canvas, not a column covering it.

const GRAPH = {
  formatVersion: 1,
  nodes: [
    { id: "trigger", type: "trigger", position: { x: 0, y: 0 }, config: { inputSchema: { type: "object", properties: { name: { type: "string" } } } } },
    { id: "greet", type: "transform", position: { x: 0, y: 140 }, config: { expression: '{"greeting": "Hello, " & input.name & "!"}' } },
    { id: "output", type: "output", position: { x: 0, y: 280 }, config: {} },
  ],
  edges: [
    { id: "e1", source: "trigger", target: "greet" },
    { id: "e2", source: "greet", target: "output" },
  ],
};

async function api<T>(request: APIRequestContext, slug: string, method: "get" | "post" | "patch", url: string, data?: unknown): Promise<T> {
  const res = await request[method](url, { headers: { "X-Tenant-Id": slug, "X-Project-Id": "default" }, data });
  const text = await res.text();
  expect(res.ok(), `${method.toUpperCase()} ${url} → ${res.status()} ${text}`).toBe(true);
  return JSON.parse(text) as T;
}

test("audit sentences, ledger rows per run, and the mobile inspector", async ({ page }) => {
  test.setTimeout(180_000);
  await page.setViewportSize({ width: 1440, height: 900 });
  const { slug } = await ownerWithWorkspace(page, page.request, { emailLabel: "polish", password: "polish-Passphrase-42", name: "Nora Polish", workspaceName: "Polish Co", slugPrefix: "polish" });
  const wf = await api<{ id: string; draftRevision: number }>(page.request, slug, "post", "/v1/workflows", { name: "Refund triage", slug: "refund-triage", graph: GRAPH });
  // Three autosaves in a row: one audit entry with a count.
  let rev = wf.draftRevision;
  for (let i = 0; i < 3; i++) rev = (await api<{ draftRevision: number }>(page.request, slug, "patch", `/v1/workflows/${wf.id}`, { graph: GRAPH, draftRevision: rev })).draftRevision;
  await api(page.request, slug, "post", `/v1/workflows/${wf.id}/publish`, {});
  const run = await api<{ id: string }>(page.request, slug, "post", `/v1/workflows/${wf.id}/runs`, { input: { name: "Ada" } });
  await expect.poll(async () => (await api<{ status: string }>(page.request, slug, "get", `/v1/runs/${run.id}`)).status, { timeout: 30_000 }).toBe("succeeded");

  await test.step("the audit log reads like a sentence, with names, and autosaves coalesced", async () => {
    await page.goto(`/w/${slug}/audit`);
    const sentences = page.getByTestId("audit-sentence");
    await expect(sentences.filter({ hasText: "Nora Polish updated workflow Refund triage" })).toHaveCount(1);
    await expect(sentences.filter({ hasText: "Nora Polish created workflow Refund triage" })).toHaveCount(1);
    await expect(sentences.filter({ hasText: "Nora Polish published workflow Refund triage" })).toHaveCount(1);
    const updated = page.getByRole("row").filter({ hasText: "updated workflow Refund triage" });
    await expect(updated).toContainText("3 saves");
    // Relative time, exact time on hover.
    await expect(updated.locator("time").first()).toHaveAttribute("title", /\d/);
    await expect(page.getByRole("table", { name: "Audit log" })).not.toContainText("::ffff:");
    // Filters still work.
    await page.getByRole("combobox", { name: "Action" }).fill("workflow.published");
    await page.getByRole("combobox", { name: "Action" }).press("Enter");
    await expect(sentences).toHaveCount(1);
    await expect(sentences.first()).toHaveText("Nora Polish published workflow Refund triage");
    await snap(page, "audit-sentences");
  });

  await test.step("the ledger shows one row per run, expandable to its charges", async () => {
    const rows = await api<{ data: { runId: string | null; amount: number; balanceAfter: number; entries: number }[] }>(page.request, slug, "get", "/v1/billing/ledger/by-run");
    const row = rows.data.find((r) => r.runId === run.id)!;
    expect(row.entries).toBeGreaterThan(1);
    await page.goto(`/w/${slug}/billing`);
    const runRow = page.getByTestId("ledger-row").filter({ hasText: "Run of Refund triage" });
    await expect(runRow).toHaveCount(1);
    await expect(runRow).toContainText(`${row.entries} charges`);
    // Exact to the micro-dollar: $5.00 less a few step charges is not "$5.00".
    await expect(runRow).toContainText(formatCreditsExact(row.amount));
    await expect(runRow).toContainText(formatCreditsExact(row.balanceAfter));
    expect(row.balanceAfter).toBe(5_000_000 + row.amount);
    await runRow.getByRole("button", { name: "Show the charges of this run" }).click();
    const charges = page.getByTestId("ledger-run-charges");
    await expect(charges.getByRole("listitem")).toHaveCount(row.entries + 1); // each charge, and the link to the trace
    await expect(charges.getByRole("link", { name: "Open the run's trace" })).toHaveAttribute("href", new RegExp(`/runs/${run.id}$`));
    await snap(page, "ledger-run-expanded");
  });

  await test.step("at 390 px the inspector is a bottom sheet: the canvas keeps most of the editor", async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`/w/${slug}/projects/default/workflows/refund-triage`);
    const canvas = page.getByTestId("workflow-canvas");
    const inspector = page.getByRole("complementary", { name: "Inspector" });
    await expect(page.locator(".react-flow__node")).toHaveCount(3);
    await canvas.getByTestId("node-greet").click();
    await expect(inspector.getByRole("region", { name: "Step greet" })).toBeVisible();
    const c = (await canvas.boundingBox())!;
    const i = (await inspector.boundingBox())!;
    expect(c.width).toBeGreaterThan(300);
    expect(i.y).toBeGreaterThanOrEqual(c.y + c.height - 1); // below the canvas, not over it
    expect(c.height).toBeGreaterThan(i.height);
    // The minimap would take a third of a phone's canvas: only from md up.
    await expect(page.getByRole("img", { name: "Minimap of the workflow" })).toBeHidden();
    const widths = await page.evaluate(() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]);
    expect(widths[0]).toBeLessThanOrEqual(widths[1]);
    await snap(page, "editor-inspector-390");
  });
});
