import { expect, test } from "@playwright/test";
import { ownerWithWorkspace, snap } from "./support/flows";

// The inspector's fields: the trigger's input built as a form (the JSON Schema follows), a test
// run through the form generated from it (a wrong type answered under its field), the variable
// picker inserting a real step output with the preview evaluated against the last test run, and
// the LLM step's model dropdown with its warning when nothing serves the model.

const GRAPH = {
  nodes: [
    { id: "trigger", type: "trigger", position: { x: 0, y: 0 }, config: { inputSchema: { type: "object" } } },
    { id: "fetch", type: "transform", position: { x: 0, y: 140 }, config: { expression: '{"x": input.amount * 2, "who": input.name}' } },
    { id: "use", type: "transform", position: { x: 0, y: 280 }, config: { expression: '"todo"' } },
    { id: "output", type: "output", position: { x: 0, y: 420 }, config: {} },
  ],
  edges: [
    { id: "e1", source: "trigger", target: "fetch" },
    { id: "e2", source: "fetch", target: "use" },
    { id: "e3", source: "use", target: "output" },
  ],
};

test.use({ viewport: { width: 1440, height: 900 } });

test("form builder, generated run form, variable picker with preview, LLM model dropdown", async ({ page }) => {
  test.setTimeout(240_000);
  const { slug } = await ownerWithWorkspace(page, page.request, {
    emailLabel: "fields",
    password: "fields-Passphrase-42",
    name: "Fiona Fields",
    workspaceName: "Fields Co",
    slugPrefix: "fld",
  });
  const headers = { "X-Tenant-Id": slug, "X-Project-Id": "default" };
  const created = await page.request.post("/v1/workflows", { headers, data: { name: "Doubler", slug: "doubler", graph: GRAPH } });
  expect(created.status(), await created.text()).toBe(201);
  await page.goto(`/w/${slug}/projects/default/workflows/doubler`);

  const canvas = page.getByTestId("workflow-canvas");
  const inspector = page.getByRole("complementary", { name: "Inspector" });
  const saved = page.getByTestId("save-status");

  await test.step("build the trigger's input with two fields; the JSON Schema tab shows the result", async () => {
    await canvas.getByTestId("node-trigger").click();
    await inspector.getByRole("button", { name: "Add field" }).click();
    await inspector.getByLabel("Field 1 name").fill("name");
    await inspector.getByLabel("Field 1 required").check();
    await inspector.getByRole("button", { name: "Add field" }).click();
    await inspector.getByLabel("Field 2 name").fill("amount");
    await inspector.getByRole("combobox", { name: "Field 2 type" }).click();
    await page.getByRole("option", { name: "number", exact: true }).click();
    await inspector.getByLabel("Field 2 required").check();
    await expect(saved).toHaveText("All changes saved");
    await inspector.getByRole("tab", { name: "JSON Schema (advanced)" }).click();
    const schema = JSON.parse(await inspector.getByLabel("Input schema (JSON Schema)").inputValue());
    expect(schema).toEqual({ type: "object", properties: { name: { type: "string" }, amount: { type: "number" } }, required: ["name", "amount"] });
    await inspector.getByRole("tab", { name: "Fields" }).click();
    await expect(inspector.getByLabel("Field 2 name")).toHaveValue("amount");
  });

  await test.step("test run through the generated form: a wrong type is answered under its field", async () => {
    await page.getByRole("button", { name: "Test run", exact: true }).click();
    const panel = inspector.getByRole("region", { name: "Test run" });
    const form = panel.getByTestId("run-input-form");
    await expect(form.getByLabel(/^name/)).toBeVisible();
    await form.getByLabel(/^name/).fill("Ada");
    await form.getByLabel(/^amount/).fill("lots");
    await panel.getByRole("button", { name: "Start test run" }).click();
    await expect(form.locator('[id$="-amount-error"]')).toHaveText("must be number");
    await form.getByLabel(/^amount/).fill("21");
    await panel.getByRole("button", { name: "Start test run" }).click();
    const progress = panel.getByTestId("run-progress");
    for (const id of ["fetch", "use", "output"]) {
      await expect(progress.getByTestId(`run-step-${id}`).getByTestId("run-status")).toHaveText(/Succeeded/, { timeout: 60_000 });
    }
    await snap(page, "builder-fields-test-run");
    await panel.getByRole("button", { name: "Close test run" }).click();
  });

  await test.step("the variable picker inserts steps.fetch.output.x; the preview shows its value in the last test run", async () => {
    await canvas.getByTestId("node-use").click();
    const expression = inspector.getByLabel("Expression", { exact: true });
    await expression.fill("");
    await inspector.getByRole("button", { name: "Insert variable" }).click();
    const picker = inspector.getByTestId("variable-picker");
    // Only steps that can run before this one, with the last test run's real values.
    await expect(picker.getByRole("option", { name: /^steps\.fetch\.output\.x / })).toContainText("42");
    await picker.getByRole("combobox", { name: "Search variables" }).fill("output.x");
    await picker.getByRole("option", { name: /^steps\.fetch\.output\.x / }).click();
    await expect(expression).toHaveValue("steps.fetch.output.x");
    const preview = inspector.getByTestId("expression-preview");
    await expect(preview).toContainText("last test run");
    await expect(preview.getByTestId("expression-preview-value")).toHaveText("42");
    await expression.pressSequentially(" +");
    await expect(preview.getByTestId("expression-preview-error")).toContainText("Invalid expression");
    await expression.fill("steps.fetch.output.x + 1");
    await expect(preview.getByTestId("expression-preview-value")).toHaveText("43");
    await expect(saved).toHaveText("All changes saved");
    await snap(page, "builder-fields-picker");
  });

  await test.step("an LLM step: typing {{ in the prompt opens the picker; the model comes from a dropdown with a warning", async () => {
    await page.getByRole("button", { name: "Add step" }).click();
    await page.getByRole("option", { name: /LLM/ }).click();
    const prompt = inspector.getByLabel("Prompt", { exact: true });
    await prompt.pressSequentially("Summarise for {{");
    await inspector.getByTestId("variable-picker").getByRole("option", { name: /^input\.name / }).click();
    await expect(prompt).toHaveValue("Summarise for {{ input.name }}");
    await inspector.getByRole("combobox", { name: "Model", exact: true }).click();
    await page.getByRole("option", { name: /gpt-4o-mini$/ }).click();
    await expect(inspector.getByRole("combobox", { name: "Model", exact: true })).toContainText("gpt-4o-mini");
    // The e2e app has no platform key and the workspace no provider.
    await expect(inspector.getByTestId("model-warning")).toContainText("No provider or platform key serves GPT-4o mini");
    await expect(saved).toHaveText("All changes saved");
    await snap(page, "builder-fields-llm");
  });
});
