import { readFileSync } from "node:fs";
import { expect, test, type APIRequestContext, type Page } from "@playwright/test";
import { createVerifiedUserViaApi, ownerWithWorkspace, signIn, snap, uniqueEmail } from "./support/flows";
import { linkIn, mailSeen, waitForMail } from "./support/mail";

// The Command Center end to end, against the real worker started by `npm start`: a workflow
// trigger → transform → approval → output is created and published through the API with the
// browser's session; a run started through the API appears in the live list, the run page
// follows its steps live, the approvals inbox refuses a self-approval inline and approves
// another with a comment, and the run page — never reloaded — shows the run succeeded with
// the approver. Every "without reload" is checked with a marker set on `window`.

// × 10 characters: the transform's output is cut in the UI (Download JSON). jsonb orders keys
// shorter first, so the long key keeps "greeting" in the visible part.
const PADDING = 600;

function graph(opts: { allowSelfApproval: boolean }) {
  return {
    formatVersion: 1,
    nodes: [
      { id: "start", type: "trigger", position: { x: 0, y: 0 }, config: { inputSchema: { type: "object", required: ["name"], properties: { name: { type: "string" } } } } },
      {
        id: "greet",
        type: "transform",
        name: "Greeting",
        position: { x: 200, y: 0 },
        config: { expression: `{ "greeting": "Hello, " & input.name & "!", "padding_for_size": $join([1..${PADDING}].("0123456789")) }` },
      },
      {
        id: "review",
        type: "approval",
        name: "Review",
        position: { x: 400, y: 0 },
        config: { message: "Send the greeting to {{ input.name }}?", approverRole: "project_contributor", expiresInSeconds: 3600, allowSelfApproval: opts.allowSelfApproval },
      },
      { id: "done", type: "output", position: { x: 600, y: 0 }, config: { expression: "steps.greet.output.greeting" } },
    ],
    edges: [
      { id: "e1", source: "start", target: "greet" },
      { id: "e2", source: "greet", target: "review" },
      { id: "e3", source: "review", target: "done" },
    ],
  };
}

async function api(request: APIRequestContext, slug: string, method: "get" | "post", path: string, data?: unknown) {
  const res = await request[method](path, { headers: { "X-Tenant-Id": slug, "X-Project-Id": "default" }, data });
  const text = await res.text();
  expect(res.ok(), `${method.toUpperCase()} ${path} → ${res.status()} ${text}`).toBe(true);
  return JSON.parse(text);
}

async function publishWorkflow(request: APIRequestContext, slug: string, name: string, allowSelfApproval: boolean) {
  const wf = await api(request, slug, "post", "/v1/workflows", { name, graph: graph({ allowSelfApproval }) });
  await api(request, slug, "post", `/v1/workflows/${wf.id}/publish`, {});
  return wf as { id: string; slug: string };
}

const startRun = (request: APIRequestContext, slug: string, workflowId: string, name: string) =>
  api(request, slug, "post", `/v1/workflows/${workflowId}/runs`, { input: { name } }) as Promise<{ id: string }>;

/** Set once; still there later means the page was never reloaded. */
const markPage = (page: Page) => page.evaluate(() => ((window as unknown as { __ccMarker: number }).__ccMarker = 42));
const expectNotReloaded = async (page: Page) => expect(await page.evaluate(() => (window as unknown as { __ccMarker?: number }).__ccMarker)).toBe(42);

test("Command Center: live runs, live steps, approvals inbox, stats", async ({ page, context, browser }) => {
  test.setTimeout(180_000);
  const { slug } = await ownerWithWorkspace(page, page.request, {
    emailLabel: "command-center",
    password: "command-Center-Passphrase-42",
    name: "Cora Command",
    workspaceName: "Command Co",
    slugPrefix: "cc",
  });

  const request = page.request; // the browser's session cookie
  const review = await publishWorkflow(request, slug, "Greeting review", true);
  const strict = await publishWorkflow(request, slug, "Strict review", false);

  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Command Center" }).click();
  await expect(page).toHaveURL(new RegExp(`/w/${slug}/projects/default/runs$`));
  await expect(page.getByRole("heading", { level: 1, name: "Command Center" })).toBeVisible();
  await expect(page.getByText("No runs in this period")).toBeVisible();
  await expect(page.getByTestId("live-indicator")).toHaveAttribute("data-state", "live");
  await markPage(page);

  let runId = "";
  await test.step("a run started through the API appears in the live list", async () => {
    runId = (await startRun(request, slug, review.id, "Ada")).id;
    const row = page.getByTestId(`run-row-${runId}`);
    await expect(row).toBeVisible();
    await expect(row).toContainText("Greeting review");
    await expect(row).toHaveAttribute("data-status", "waiting_approval", { timeout: 30_000 });
    await expectNotReloaded(page);
  });

  await test.step("the run page shows the steps so far, with inputs and outputs", async () => {
    await page.getByRole("link", { name: runId }).click();
    await expect(page).toHaveURL(new RegExp(`/runs/${runId}$`));
    await expect(page.getByTestId("step-greet")).toHaveAttribute("data-status", "succeeded");
    await expect(page.getByTestId("step-review")).toHaveAttribute("data-status", "waiting_approval");
    await expect(page.getByTestId("step-review").getByTestId("step-approval")).toContainText("Send the greeting to Ada?");
    await expect(page.getByTestId("step-done")).toHaveCount(0);
    await expect(page.getByRole("button", { name: "Cancel" })).toBeVisible();
    await expect(page.getByRole("button", { name: "Rerun", exact: true })).toBeVisible();

    const greet = page.getByTestId("step-greet");
    await greet.getByText("Input and output").click();
    const output = greet.getByTestId("json-output");
    await expect(output).toHaveAttribute("data-truncated", "true");
    await expect(output).toContainText('"greeting": "Hello, Ada!"');
    const [download] = await Promise.all([page.waitForEvent("download"), output.getByRole("button", { name: "Download JSON" }).click()]);
    const full = JSON.parse(readFileSync((await download.path())!, "utf8"));
    expect(full).toEqual({ greeting: "Hello, Ada!", padding_for_size: "0123456789".repeat(PADDING) });
    await markPage(page);
    await snap(page, "command-center-run-waiting");
  });

  const inbox = await context.newPage();
  await test.step("the inbox refuses a self-approval inline", async () => {
    const strictRun = await startRun(request, slug, strict.id, "Bob");
    await inbox.goto(`/w/${slug}`);
    await inbox.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Approvals" }).click();
    await expect(inbox).toHaveURL(new RegExp(`/w/${slug}/projects/default/approvals$`));
    const card = inbox.getByRole("listitem").filter({ has: inbox.getByRole("link", { name: strictRun.id }) });
    await expect(card).toBeVisible({ timeout: 30_000 });
    await expect(card.getByTestId("approval-message")).toHaveText("Send the greeting to Bob?");
    await expect(card.getByTestId("approval-countdown")).toHaveText(/\d+m \d+s left/);
    await card.getByRole("button", { name: "Approve" }).click();
    await expect(card.getByTestId("approval-error")).toContainText("Self-approval is not allowed");
    await expect(card).toHaveAttribute("data-status", "pending");
  });

  await test.step("approve with a comment: the run page follows without a reload", async () => {
    const card = inbox.getByRole("listitem").filter({ has: inbox.getByRole("link", { name: runId }) });
    await expect(card).toBeVisible();
    await card.getByLabel("Comment (optional)").fill("Looks friendly, ship it");
    await card.getByRole("button", { name: "Approve" }).click();
    await expect(card).toBeHidden();
    await snap(inbox, "command-center-approvals");

    await expect(page.getByTestId("run-status").first()).toHaveAttribute("data-status", "succeeded", { timeout: 30_000 });
    await expect(page.getByTestId("step-done")).toHaveAttribute("data-status", "succeeded");
    const approval = page.getByTestId("step-review").getByTestId("step-approval");
    await expect(approval).toHaveAttribute("data-status", "approved");
    await expect(approval.getByTestId("approval-decided-by")).toHaveText("Cora Command");
    await expect(approval.getByTestId("approval-comment")).toContainText("Looks friendly, ship it");
    // The trace's waterfall draws the wait for the decision apart from the step's work.
    await expect(page.getByTestId("waterfall-review").locator('[data-kind="waiting_approval"]')).toHaveCount(1);
    await expect(page.getByTestId("run-graph").getByTestId("trace-node-done")).toHaveAttribute("data-state", "succeeded");
    await expect(page.getByRole("button", { name: "Cancel" })).toHaveCount(0);
    await expectNotReloaded(page);
    await snap(page, "command-center-run-succeeded");
  });

  await test.step("a project viewer sees runs and approvals but no control the server would refuse", async () => {
    const viewer = { email: uniqueEmail("cc-viewer"), password: "viewer-Passphrase-42", name: "Vera Viewer" };
    const seen = mailSeen();
    await api(request, slug, "post", "/v1/invitations", { email: viewer.email, role: "member", projectId: "default", projectRole: "project_viewer" });
    const token = new URL(linkIn(await waitForMail(viewer.email, /invited to join/i, { seen }), "/invite/")).pathname.slice("/invite/".length);
    const ctx = await browser.newContext();
    try {
      const other = await ctx.newPage();
      await createVerifiedUserViaApi(other.request, viewer);
      await signIn(other, viewer.email, viewer.password);
      await expect(other).not.toHaveURL(/\/auth\/sign-in/);
      const accepted = await other.request.post("/v1/invitations/accept", { data: { token } });
      expect(accepted.ok(), await accepted.text()).toBe(true);

      await other.goto(`/w/${slug}/projects/default/runs/${runId}`);
      await expect(other.getByTestId("run-status").first()).toHaveAttribute("data-status", "succeeded");
      await expect(other.getByTestId("step-done")).toBeVisible();
      await expect(other.getByRole("button", { name: /Rerun|Cancel/ })).toHaveCount(0);
      await other.goto(`/w/${slug}/projects/default/approvals`);
      await expect(other.getByText("Your role can see approvals but not decide them")).toBeVisible();
      await expect(other.getByTestId("approval-message")).toHaveText("Send the greeting to Bob?");
      await expect(other.getByRole("button", { name: /Approve|Reject/ })).toHaveCount(0);
    } finally {
      await ctx.close();
    }
  });

  await test.step("the live list and the charts reflect the finished run", async () => {
    await page.getByRole("link", { name: "Command Center" }).first().click();
    await expect(page).toHaveURL(new RegExp(`/projects/default/runs$`));
    await expect(page.getByTestId(`run-row-${runId}`)).toHaveAttribute("data-status", "succeeded");
    await expect(page.getByTestId("stat-runs")).toHaveText("2");
    await expect(page.getByTestId("chart-runs")).toBeVisible();
    await expect(page.getByTestId("chart-latency")).toContainText("transform");
    // The approval's wait for a person is reported apart, not as a step latency bar.
    await expect(page.getByTestId("approval-wait")).toContainText(/Approval wait \(not in the chart\): p50 .+ · p95 .+ over 1$/);
    // Filters narrow the list: only the strict workflow's run, still waiting.
    await page.getByRole("combobox", { name: "Status" }).click();
    await page.getByRole("option", { name: "Waiting for approval" }).click();
    await expect(page).toHaveURL(/status=waiting_approval/);
    await expect(page.getByTestId(`run-row-${runId}`)).toHaveCount(0);
    await expect(page.getByTestId("runs-table").getByRole("row")).toHaveCount(2);
    await snap(page, "command-center");
  });

  await test.step("rerun from the output step: earlier steps are reused, no new approval", async () => {
    await page.goto(`/w/${slug}/projects/default/runs/${runId}`);
    await page.getByTestId("step-done").getByRole("button", { name: "Rerun from this step" }).click();
    await expect(page).not.toHaveURL(new RegExp(`/runs/${runId}$`));
    await expect(page.getByTestId("run-status").first()).toHaveAttribute("data-status", "succeeded", { timeout: 30_000 });
    await expect(page.getByTestId("step-review")).toHaveAttribute("data-status", "reused");
    await expect(page.getByTestId("step-done")).toHaveAttribute("data-status", "succeeded");
    await expect(page.getByRole("link", { name: runId })).toBeVisible();
  });
});
