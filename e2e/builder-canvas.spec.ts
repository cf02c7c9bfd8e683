import { expect, test, type Locator, type Page } from "@playwright/test";
import { sourceHandle, targetHandle } from "./support/canvas";
import { ownerWithWorkspace, snap } from "./support/flows";

// Issue 17 §2, building on the canvas: a five-step workflow built only with the "+" connectors
// and the step picker (trigger → transform → condition → two outputs) — the condition's input
// chosen with the variable picker — with a trip away through
// the sidebar in the middle of an edit, then tidy up, copy/paste, full screen, the shortcuts
// sheet, and publish.

const headersFor = (slug: string) => ({ "X-Tenant-Id": slug, "X-Project-Id": "default" });

type Draft = { draft: { nodes: Array<{ id: string; type: string; position: { x: number; y: number }; config: Record<string, unknown> }>; edges: Array<{ source: string; target: string; branch?: string }> } };

async function draft(page: Page, slug: string): Promise<Draft["draft"]> {
  const res = await page.request.get("/v1/workflows/triage", { headers: headersFor(slug) });
  expect(res.ok(), await res.text()).toBe(true);
  return ((await res.json()) as Draft).draft;
}

const links = (d: Draft["draft"]) => d.edges.map((e) => `${e.source}>${e.target}${e.branch ? `:${e.branch}` : ""}`).sort();

/** Hovers a connection two thirds of the way along (a straight one has no box to hover): its "+" shows in the middle. */
async function hoverConnection(page: Page, from: Locator, to: Locator) {
  const [a, b] = [await box(sourceHandle(from)), await box(targetHandle(to))];
  const [ax, ay, bx, by] = [a.x + a.width / 2, a.y + a.height / 2, b.x + b.width / 2, b.y + b.height / 2];
  await page.mouse.move(ax + ((bx - ax) * 2) / 3, ay + ((by - ay) * 2) / 3, { steps: 4 });
}

async function box(l: Locator) {
  const b = await l.boundingBox();
  if (!b) throw new Error("not visible");
  return b;
}

test("build a branching workflow with + connectors only, leave mid-edit, tidy up, copy/paste, publish", async ({ page }) => {
  test.setTimeout(180_000);
  await page.setViewportSize({ width: 1440, height: 900 });
  const { slug } = await ownerWithWorkspace(page, page.request, {
    emailLabel: "builder",
    password: "builder-Passphrase-42",
    name: "Bea Builder",
    workspaceName: "Builder Co",
    slugPrefix: "wfb",
  });
  const created = await page.request.post("/v1/workflows", { headers: headersFor(slug), data: { name: "Triage", slug: "triage" } });
  expect(created.status(), await created.text()).toBe(201);
  const editorUrl = `/w/${slug}/projects/default/workflows/triage`;

  const canvas = page.getByTestId("workflow-canvas");
  const inspector = page.getByRole("complementary", { name: "Inspector" });
  const saved = page.getByTestId("save-status");
  const picker = page.getByRole("dialog");
  const node = (id: string) => canvas.getByTestId(`node-${id}`);

  await test.step("a new workflow opens laid out left to right, with a minimap", async () => {
    await page.goto(editorUrl);
    await expect(node("trigger")).toBeVisible();
    // Measured once the layout has settled (CI once read the output node 8 px off mid-layout).
    await expect(async () => {
      const [t, o] = [await box(node("trigger")), await box(node("output"))];
      expect(o.x).toBeGreaterThan(t.x + t.width);
      expect(Math.abs(o.y - t.y)).toBeLessThan(4);
    }).toPass({ timeout: 10_000 });
    await expect(page.getByRole("img", { name: "Minimap of the workflow" })).toBeVisible();
  });

  await test.step("+ on the connection: insert a transform between trigger and output, found by searching", async () => {
    await hoverConnection(page, node("trigger"), node("output"));
    await canvas.getByTestId("insert-on-e_trigger_output").click();
    await expect(picker.getByRole("combobox", { name: "Insert a step on this connection" })).toBeFocused();
    // Every kind but a second trigger, each with a line on what it does.
    await expect(picker.getByRole("option")).toHaveCount(7);
    await snap(page, "builder-canvas-picker");
    await expect(picker.getByRole("option", { name: /Transform/ })).toContainText("Reshapes data with a JSONata expression");
    await page.keyboard.type("jsonata");
    await expect(picker.getByRole("option")).toHaveCount(1);
    await page.keyboard.press("Enter");
    await expect(picker).toBeHidden();
    await expect(node("transform")).toBeVisible();
    await inspector.getByLabel("Expression").fill('{ "urgent": $contains(input.text, "refund") }');
    await expect(saved).toHaveText("All changes saved");
    expect(links(await draft(page, slug))).toEqual(["transform>output", "trigger>transform"]);
  });

  await test.step("+ on the next connection, by keyboard: a condition; what followed becomes its true branch", async () => {
    await hoverConnection(page, node("transform"), node("output"));
    await canvas.getByTestId("insert-on-e_transform_output").click();
    await page.keyboard.type("cond");
    await page.keyboard.press("Enter");
    await expect(node("condition")).toBeVisible();
    await expect(canvas.getByTestId("edge-label-e_condition_output")).toHaveText("true");
  });

  await test.step("the condition reads the transform's output through the variable picker; leave through the sidebar at once: nothing is lost", async () => {
    const expression = inspector.getByLabel("Expression", { exact: true });
    await inspector.getByRole("button", { name: "Insert variable" }).click();
    const variables = inspector.getByTestId("variable-picker");
    // Only the steps that can run before the condition: the transform, not the output after it.
    await expect(variables.getByRole("option", { name: /^steps\.output\.output/ })).toHaveCount(0);
    await variables.getByRole("option", { name: /^steps\.transform\.output / }).click();
    await expect(expression).toHaveValue("steps.transform.output");
    await expression.press("End");
    await expression.pressSequentially(".urgent");
    await expect(expression).toHaveValue("steps.transform.output.urgent");
    // Well inside the autosave delay: the click itself must save first.
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Connections" }).click();
    await expect(page).toHaveURL(new RegExp(`/w/${slug}/(projects/default/)?connections`));
    const d = await draft(page, slug);
    expect(d.nodes.find((n) => n.id === "condition")?.config).toEqual({ expression: "steps.transform.output.urgent" });
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Workflows" }).click();
    await page.getByRole("link", { name: "Triage" }).first().click();
    await expect(page).toHaveURL(new RegExp(`${editorUrl}$`));
    await expect(saved).toHaveText("All changes saved");
    await node("condition").click();
    await expect(inspector.getByLabel("Expression")).toHaveValue("steps.transform.output.urgent");
  });

  await test.step("+ on the condition's free output: the false branch ends in a second output", async () => {
    await canvas.click({ position: { x: 10, y: 10 } });
    await canvas.getByTestId("add-after-condition").click();
    await expect(picker.getByRole("option", { name: /Trigger/ })).toHaveCount(0);
    // Arrow keys move through the list; Enter adds the highlighted kind.
    const search = picker.getByRole("combobox");
    await search.fill("o");
    const options = picker.getByRole("option");
    const names = await options.allTextContents();
    const target = names.findIndex((n) => n.startsWith("Output"));
    expect(target).toBeGreaterThanOrEqual(0);
    for (let i = 0; i < target; i++) await page.keyboard.press("ArrowDown");
    await expect(options.nth(target)).toHaveAttribute("aria-selected", "true");
    await page.keyboard.press("Enter");
    await expect(node("output_2")).toBeVisible();
    await expect(canvas.getByTestId("edge-label-e_condition_output_2")).toHaveText("false");
    await expect(canvas.getByTestId("node-issue")).toHaveCount(0);
    await expect(saved).toHaveText("All changes saved");
    expect(links(await draft(page, slug))).toEqual(["condition>output:true", "condition>output_2:false", "transform>condition", "trigger>transform"]);
  });

  await test.step("drag a step out of place, then Tidy up: left to right, true above false, undoable", async () => {
    const t = await box(node("transform"));
    await page.mouse.move(t.x + 40, t.y + t.height / 2);
    await page.mouse.down();
    await page.mouse.move(t.x + 40, t.y + 260, { steps: 8 });
    await page.mouse.up();
    await expect(saved).toHaveText("All changes saved");
    const moved = (await draft(page, slug)).nodes.find((n) => n.id === "transform")?.position;

    await page.getByRole("button", { name: "Tidy up" }).click();
    await expect(saved).toHaveText("All changes saved");
    const d = await draft(page, slug);
    const at = (id: string) => d.nodes.find((n) => n.id === id)?.position ?? { x: NaN, y: NaN };
    expect(at("trigger").x).toBeLessThan(at("transform").x);
    expect(at("transform").x).toBeLessThan(at("condition").x);
    expect(at("condition").x).toBeLessThan(at("output").x);
    expect(at("output").y).toBeLessThan(at("output_2").y);
    expect(Math.abs(at("transform").y - at("trigger").y)).toBeLessThan(4);
    await snap(page, "builder-canvas-tidy");

    await page.getByRole("button", { name: "Undo" }).click();
    await expect(saved).toHaveText("All changes saved");
    expect((await draft(page, slug)).nodes.find((n) => n.id === "transform")?.position).toEqual(moved);
    await page.getByRole("button", { name: "Redo" }).click();
    await expect(saved).toHaveText("All changes saved");
    expect((await draft(page, slug)).nodes.find((n) => n.id === "transform")?.position).toEqual(at("transform"));
  });

  await test.step("copy and paste a step: a fresh id, its settings, then delete the copy", async () => {
    await node("transform").click();
    await page.keyboard.press("ControlOrMeta+c");
    await canvas.click({ position: { x: 10, y: 10 } });
    await page.keyboard.press("ControlOrMeta+v");
    await expect(node("transform_2")).toBeVisible();
    await expect(saved).toHaveText("All changes saved");
    let d = await draft(page, slug);
    expect(d.nodes.find((n) => n.id === "transform_2")?.config).toEqual(d.nodes.find((n) => n.id === "transform")?.config);
    // Nothing connects to the copy yet: the editor says so.
    await expect(node("transform_2").getByTestId("node-issue")).toContainText("cannot be reached");

    // Two connected steps copied together: the copies keep their connection (and its branch).
    await node("condition").click();
    await node("output").click({ modifiers: ["ControlOrMeta"] });
    await page.keyboard.press("ControlOrMeta+c");
    await page.keyboard.press("ControlOrMeta+v");
    await expect(node("condition_2")).toBeVisible();
    await expect(node("output_3")).toBeVisible();
    await expect(saved).toHaveText("All changes saved");
    d = await draft(page, slug);
    expect(links(d)).toContain("condition_2>output_3:true");

    // Delete the copies with the keyboard (selected after the paste), then the first one.
    await page.keyboard.press("Delete");
    await expect(node("condition_2")).toHaveCount(0);
    await node("transform_2").click();
    await page.keyboard.press("Delete");
    await expect(node("transform_2")).toHaveCount(0);
    await expect(saved).toHaveText("All changes saved");
    d = await draft(page, slug);
    expect(d.nodes.map((n) => n.id).sort()).toEqual(["condition", "output", "output_2", "transform", "trigger"]);
  });

  await test.step("full screen with F, out with Esc; ? lists the shortcuts", async () => {
    const editor = page.getByTestId("workflow-editor");
    await canvas.click({ position: { x: 10, y: 10 } });
    await page.keyboard.press("f");
    await expect(editor).toHaveAttribute("data-full-screen", "true");
    const full = await box(canvas);
    expect(full.height).toBeGreaterThan(700);
    await snap(page, "builder-canvas-full-screen");
    await page.keyboard.press("Escape");
    await expect(editor).not.toHaveAttribute("data-full-screen");
    await page.getByRole("button", { name: "Full screen" }).click();
    await expect(editor).toHaveAttribute("data-full-screen", "true");
    await page.getByRole("button", { name: "Exit full screen" }).click();
    await expect(editor).not.toHaveAttribute("data-full-screen");

    await page.keyboard.press("?");
    const sheet = page.getByRole("dialog", { name: "Keyboard shortcuts" });
    for (const action of ["Undo", "Redo", "Copy the selected steps", "Paste", "Delete the selected steps", "Tidy up the layout", "Full screen on or off", "Add a step"]) {
      await expect(sheet.getByRole("row", { name: new RegExp(action) }).first()).toBeVisible();
    }
    await page.keyboard.press("Escape");
    await expect(sheet).toBeHidden();

    // N opens the picker from the keyboard too; Esc closes it without adding anything.
    await page.keyboard.press("n");
    await expect(picker.getByRole("combobox", { name: "Add a step" })).toBeFocused();
    await page.keyboard.press("Escape");
    await expect(picker).toBeHidden();
    await expect(canvas.locator(".react-flow__node")).toHaveCount(5);
  });

  await test.step("publish version 1", async () => {
    await expect(saved).toHaveText("All changes saved");
    await page.getByRole("button", { name: "Publish", exact: true }).click();
    const dialog = page.getByRole("dialog");
    await dialog.getByRole("button", { name: "Publish version 1" }).click();
    await expect(dialog).toBeHidden();
    await expect(page.getByText("Latest: v1", { exact: true })).toBeVisible();
    await snap(page, "builder-canvas-published");
  });
});
