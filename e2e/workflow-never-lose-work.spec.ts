import { expect, test, type Page } from "@playwright/test";
import { ownerWithWorkspace, snap } from "./support/flows";

// §1 of issue 17, "never lose work": unfinished steps are saved as they are; leaving through the
// sidebar mid-edit saves first and loses nothing; undo/redo by button and keyboard; a save that
// cannot go through (changed elsewhere) asks before leaving.

const headersFor = (slug: string) => ({ "X-Tenant-Id": slug, "X-Project-Id": "default" });

async function draft(page: Page, slug: string) {
  const res = await page.request.get("/v1/workflows/keeper", { headers: headersFor(slug) });
  expect(res.ok(), await res.text()).toBe(true);
  return (await res.json()) as { draftRevision: number; draft: { nodes: Array<{ id: string; config: Record<string, unknown> }> }; issues: Array<{ code: string; nodeId?: string; field?: string }> };
}

test("unfinished steps save, navigating away mid-edit loses nothing, undo/redo", async ({ page }) => {
  test.setTimeout(180_000);
  const { slug } = await ownerWithWorkspace(page, page.request, {
    emailLabel: "keeper",
    password: "keeper-Passphrase-42",
    name: "Kim Keeper",
    workspaceName: "Keeper Co",
    slugPrefix: "wfk",
  });
  const created = await page.request.post("/v1/workflows", { headers: headersFor(slug), data: { name: "Keeper", slug: "keeper" } });
  expect(created.status(), await created.text()).toBe(201);
  const editorUrl = `/w/${slug}/projects/default/workflows/keeper`;

  const canvas = page.getByTestId("workflow-canvas");
  const inspector = page.getByRole("complementary", { name: "Inspector" });
  const saved = page.getByTestId("save-status");
  const sidebar = page.getByRole("navigation", { name: "Main" });
  const addStep = async (type: RegExp) => {
    await page.getByRole("button", { name: "Add step" }).click();
    await page.getByRole("option", { name: type }).click();
  };

  await test.step("an unfinished LLM step is saved with its problem", async () => {
    await page.goto(editorUrl);
    await expect(canvas.getByTestId("node-trigger")).toBeVisible();
    await addStep(/LLM/);
    await expect(canvas.getByTestId("node-llm").getByTestId("node-issue")).toContainText("prompt: Required");
    await expect(saved).toHaveText("All changes saved");
    const wf = await draft(page, slug);
    expect(wf.draft.nodes.map((n) => n.id)).toContain("llm");
    expect(wf.issues).toContainEqual(expect.objectContaining({ code: "invalid_config", nodeId: "llm", field: "prompt" }));
  });

  await test.step("type into a new step and leave through the sidebar at once: the edit is saved first", async () => {
    await addStep(/Transform/);
    await expect(canvas.getByTestId("node-transform")).toBeVisible();
    await inspector.getByLabel("Expression").fill('"kept"');
    // Well inside the autosave delay: the sidebar click itself must save the edit.
    await sidebar.getByRole("link", { name: "Connections" }).click();
    await expect(page).toHaveURL(new RegExp(`/w/${slug}/(projects/default/)?connections`));
    const wf = await draft(page, slug);
    expect(wf.draft.nodes.find((n) => n.id === "transform")?.config).toEqual({ expression: '"kept"' });
  });

  await test.step("come back: everything is there", async () => {
    await sidebar.getByRole("link", { name: "Workflows" }).click();
    await page.getByRole("link", { name: "Keeper" }).first().click();
    await expect(page).toHaveURL(new RegExp(`${editorUrl}$`));
    await expect(canvas.getByTestId("node-llm")).toBeVisible();
    await canvas.getByTestId("node-transform").click();
    await expect(inspector.getByLabel("Expression")).toHaveValue('"kept"');
    await expect(saved).toHaveText("All changes saved");
  });

  await test.step("undo and redo with the buttons and the keyboard", async () => {
    const condition = canvas.getByTestId("node-condition");
    await addStep(/Condition/);
    await expect(condition).toBeVisible();
    await page.getByRole("button", { name: "Undo" }).click();
    await expect(condition).toHaveCount(0);
    await page.getByRole("button", { name: "Redo" }).click();
    await expect(condition).toBeVisible();

    // Typing is one step of history: one undo restores the whole expression.
    await canvas.getByTestId("node-transform").click();
    await inspector.getByLabel("Expression").fill('"changed"');
    await expect(saved).toHaveText("All changes saved");
    await canvas.click({ position: { x: 10, y: 10 } });
    await page.keyboard.press("ControlOrMeta+z");
    await canvas.getByTestId("node-transform").click();
    await expect(inspector.getByLabel("Expression")).toHaveValue('"kept"');
    await canvas.click({ position: { x: 10, y: 10 } });
    await page.keyboard.press("ControlOrMeta+Shift+z");
    await canvas.getByTestId("node-transform").click();
    await expect(inspector.getByLabel("Expression")).toHaveValue('"changed"');
    await expect(saved).toHaveText("All changes saved");
    expect((await draft(page, slug)).draft.nodes.map((n) => n.id).sort()).toEqual(["condition", "llm", "output", "transform", "trigger"]);
    await snap(page, "workflow-editor-undo");
  });

  await test.step("a save that cannot go through asks before leaving", async () => {
    const wf = await draft(page, slug);
    const elsewhere = await page.request.patch("/v1/workflows/keeper", { headers: headersFor(slug), data: { graph: wf.draft, draftRevision: wf.draftRevision } });
    expect(elsewhere.ok(), await elsewhere.text()).toBe(true);
    await canvas.getByTestId("node-transform").click();
    await inspector.getByLabel("Expression").fill('"lost?"');
    await expect(saved).toHaveText("Changed elsewhere");
    await sidebar.getByRole("link", { name: "Connections" }).click();
    const dialog = page.getByRole("alertdialog");
    await expect(dialog).toContainText("Leave without saving?");
    await dialog.getByRole("button", { name: "Cancel" }).click();
    await expect(page).toHaveURL(new RegExp(`${editorUrl}$`));
    await sidebar.getByRole("link", { name: "Connections" }).click();
    await page.getByRole("alertdialog").getByRole("button", { name: "Leave anyway" }).click();
    await expect(page).toHaveURL(new RegExp(`/w/${slug}/(projects/default/)?connections`));
  });
});
