import { expect, test } from "@playwright/test";
import { clickConnection, connect, sourceHandle, targetHandle } from "./support/canvas";
import { ownerWithWorkspace, snap } from "./support/flows";

// The visual editor end to end: create a workflow, build trigger → transform → output on the
// canvas (add a step, drag connections between handles, delete the old edge), fill the forms,
// watch a step's problems appear and go away, publish version 1, then test-run the draft and
// see each step's result arrive live. Finally a save from elsewhere makes autosave stop with
// "changed elsewhere" until the user reloads.

const INPUT_SCHEMA = { type: "object", properties: { name: { type: "string", minLength: 1 } }, required: ["name"] };
const GREETING = '{"greeting": "Hello, " & input.name & "!"}';


test("build, validate, publish and test-run a workflow in the visual editor", async ({ page }) => {
  test.setTimeout(180_000);
  const { slug } = await ownerWithWorkspace(page, page.request, {
    emailLabel: "editor",
    password: "editor-Passphrase-42",
    name: "Edna Editor",
    workspaceName: "Editor Co",
    slugPrefix: "wfe",
  });

  await test.step("create a workflow from the list page", async () => {
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Workflows" }).click();
    await expect(page).toHaveURL(new RegExp(`/w/${slug}/projects/default/workflows$`));
    await expect(page.getByText("No workflows yet")).toBeVisible();
    await page.getByRole("button", { name: "New workflow" }).click();
    const dialog = page.getByRole("dialog");
    await dialog.getByLabel("Name", { exact: true }).fill("Greeter");
    await expect(dialog.getByLabel("Slug")).toHaveValue("greeter");
    await dialog.getByRole("button", { name: "Create workflow" }).click();
    await expect(page).toHaveURL(new RegExp(`/w/${slug}/projects/default/workflows/greeter$`));
    await expect(page.getByRole("heading", { level: 1, name: /Greeter/ })).toBeVisible();
    await expect(page.getByRole("navigation", { name: "Workflow" }).getByRole("link", { name: "Inbound" })).toHaveAttribute("href", `/w/${slug}/projects/default/workflows/greeter/inbound`);
    await expect(page.getByRole("navigation", { name: "Workflow" }).getByRole("link", { name: "Runs" })).toHaveAttribute("href", new RegExp(`/w/${slug}/projects/default/runs\\?workflow=wf_`));
  });

  const canvas = page.getByTestId("workflow-canvas");
  const inspector = page.getByRole("complementary", { name: "Inspector" });
  const trigger = canvas.getByTestId("node-trigger");
  const transform = canvas.getByTestId("node-transform");
  const output = canvas.getByTestId("node-output");
  const saved = page.getByTestId("save-status");

  await test.step("add a transform step: its missing expression shows on the node, and the unfinished draft is saved", async () => {
    await expect(trigger).toBeVisible();
    await expect(output).toBeVisible();
    await page.getByRole("button", { name: "Add step" }).click();
    await page.getByRole("option", { name: /Transform/ }).click();
    await expect(transform).toBeVisible();
    await expect(transform.getByTestId("node-issue")).toContainText("expression: Required");
    await expect(saved).toHaveText("All changes saved");
    await expect(page.getByRole("button", { name: "Publish", exact: true })).toBeDisabled();
  });

  await test.step("fill the form: the schema error goes, the API reports the step unreachable", async () => {
    await inspector.getByLabel("Expression").fill(GREETING);
    await expect(transform.getByTestId("node-issue")).toContainText("cannot be reached from the trigger");
    await expect(saved).toHaveText("All changes saved");
  });

  await test.step("rewire trigger → transform → output by dragging between handles", async () => {
    await clickConnection(page, sourceHandle(trigger), targetHandle(output));
    await inspector.getByRole("button", { name: "Delete connection" }).click();
    await expect(canvas.getByTestId("rf__edge-e_trigger_output")).toHaveCount(0);
    await expect(output.getByTestId("node-issue")).toContainText("cannot be reached");

    await connect(page, sourceHandle(trigger), targetHandle(transform));
    await expect(canvas.getByTestId("rf__edge-e_trigger_transform")).toHaveCount(1);
    await connect(page, sourceHandle(transform), targetHandle(output));
    await expect(canvas.getByTestId("rf__edge-e_transform_output")).toHaveCount(1);

    await expect(saved).toHaveText("All changes saved");
    await expect(canvas.getByTestId("node-issue")).toHaveCount(0);
  });

  await test.step("the trigger's input schema: invalid JSON is flagged, a valid schema is saved", async () => {
    await trigger.click();
    await inspector.getByRole("tab", { name: "JSON Schema (advanced)" }).click();
    const schema = inspector.getByLabel("Input schema (JSON Schema)");
    await schema.fill('{ "type": "object", ');
    await expect(inspector.getByText(/Not valid JSON/)).toBeVisible();
    await expect(trigger.getByTestId("node-issue")).toContainText("Not valid JSON");
    await expect(page.getByRole("button", { name: "Publish", exact: true })).toBeDisabled();
    await schema.fill(JSON.stringify(INPUT_SCHEMA, null, 2));
    await expect(trigger.getByTestId("node-issue")).toHaveCount(0);
    await expect(saved).toHaveText("All changes saved");
  });

  await test.step("the JSON view shows the whole graph", async () => {
    await page.getByRole("button", { name: "JSON", exact: true }).click();
    const json = page.getByLabel("Workflow graph JSON");
    await expect(json).toContainText('"id": "transform"');
    await expect(json).toContainText('"source": "transform"');
    await page.getByRole("button", { name: "Canvas", exact: true }).click();
    await expect(transform).toBeVisible();
    await snap(page, "workflow-editor");
  });

  await test.step("publish version 1; it appears in the history", async () => {
    await page.getByRole("button", { name: "Publish", exact: true }).click();
    const dialog = page.getByRole("dialog");
    await dialog.getByLabel("Note (optional)").fill("First greeting");
    await dialog.getByRole("button", { name: "Publish version 1" }).click();
    await expect(dialog).toBeHidden();
    // exact: Next's route announcer (aria-live) may also hold the page title "Greeter Latest: v1".
    await expect(page.getByText("Latest: v1", { exact: true })).toBeVisible();
    await page.getByRole("navigation", { name: "Workflow" }).getByRole("link", { name: "Versions" }).click();
    const row = page.getByTestId("version-1");
    await expect(row).toContainText("Version 1");
    await expect(row).toContainText("First greeting");
    await row.getByRole("link", { name: "Version 1" }).click();
    await expect(page.getByText("Read-only: published versions never change.")).toBeVisible();
    await expect(page.locator(".react-flow__node")).toHaveCount(3);
    await page.getByRole("navigation", { name: "Workflow" }).getByRole("link", { name: "Editor" }).click();
    await expect(transform).toBeVisible();
  });

  await test.step("test run with sample input: each step's result appears live", async () => {
    await page.getByRole("button", { name: "Test run", exact: true }).click();
    const panel = inspector.getByRole("region", { name: "Test run" });
    await panel.getByRole("tab", { name: "JSON" }).click();
    await expect(panel.getByLabel("Input (JSON)")).toHaveValue(/"name": ""/);
    // A refused input says which field is wrong, not only that the schema did not match.
    await panel.getByLabel("Input (JSON)").fill(JSON.stringify({ name: 5 }));
    await panel.getByRole("button", { name: "Start test run" }).click();
    await expect(panel.getByTestId("api-error")).toContainText("input.name: must be string");
    await panel.getByLabel("Input (JSON)").fill(JSON.stringify({ name: "Ada" }));
    await panel.getByRole("button", { name: "Start test run" }).click();
    const progress = panel.getByTestId("run-progress");
    await expect(progress).toBeVisible();
    for (const id of ["trigger", "transform", "output"]) {
      await expect(progress.getByTestId(`run-step-${id}`).getByTestId("run-status")).toHaveText(/Succeeded/, { timeout: 60_000 });
    }
    await expect(progress.getByTestId("run-step-transform")).toContainText("Hello, Ada!");
    await expect(progress.getByTestId("run-status").first()).toHaveText(/Succeeded/);
    await expect(transform.getByTestId("run-status")).toHaveText(/Succeeded/);
    await snap(page, "workflow-test-run");
  });

  await test.step("a save from elsewhere stops autosave until reload", async () => {
    const headers = { "X-Tenant-Id": slug, "X-Project-Id": "default" };
    const current = await page.request.get("/v1/workflows/greeter", { headers });
    expect(current.ok()).toBe(true);
    const wf = (await current.json()) as { draft: unknown; draftRevision: number; name: string };
    const elsewhere = await page.request.patch("/v1/workflows/greeter", { headers, data: { graph: wf.draft, draftRevision: wf.draftRevision } });
    expect(elsewhere.ok(), await elsewhere.text()).toBe(true);

    await page.getByRole("button", { name: "Close test run" }).click();
    await transform.click();
    await inspector.getByLabel("Name", { exact: true }).fill("Greet");
    await expect(page.getByText(/changed elsewhere — reload/)).toBeVisible();
    await expect(saved).toHaveText("Changed elsewhere");
    await page.getByRole("button", { name: "Reload" }).click();
    await expect(page.getByText(/changed elsewhere — reload/)).toBeHidden();
    await expect(transform).not.toContainText("Greet");
    await expect(saved).toHaveText("All changes saved");
  });
});
