import { expect, test } from "@playwright/test";
import { startMcpUpstream } from "../test/mcp-instances/mcp-upstream";
import { clickConnection, connect, sourceHandle, targetHandle } from "./support/canvas";
import { ownerWithWorkspace, snap } from "./support/flows";

// MCP instances in the console: an owner saves an API-key connection, binds an instance to a
// real MCP server (the SDK's own, Streamable HTTP on 127.0.0.1, allowed for the e2e server by
// EGRESS_ALLOWED_HOSTS), syncs it, sees the default policies (read-only hint → Allow, the rest
// → Approval required), changes one, test-calls a tool and reads its result; then uses the tool
// in a workflow's MCP tool step, publishes (pinning the tool's schema hash) and runs the version.
// The server only answers requests carrying the key as a bearer, so a synced tool list proves
// the credential was injected.
const KEY = "ghp_e2eMcpCanaryKey00000000000000a1b2";


test("connect an MCP instance, sync, set a policy, test-call a tool, use it in the editor", async ({ page, request }) => {
  test.setTimeout(180_000);
  const upstream = await startMcpUpstream({ accept: (r) => r.headers.authorization === `Bearer ${KEY}` });
  try {
    const { slug } = await ownerWithWorkspace(page, request, {
      emailLabel: "mcp",
      password: "mcp-instances-Passphrase-42",
      name: "Mona Mcp",
      workspaceName: "Mcp Co",
      slugPrefix: "mcp",
    });
    const nav = page.getByRole("navigation", { name: "Main" });

    await test.step("a connection holds the key", async () => {
      await nav.getByRole("link", { name: "Connections" }).click();
      await page.getByRole("button", { name: "New connection" }).click();
      const dialog = page.getByRole("dialog");
      await dialog.getByRole("button", { name: /GitHub \(PAT\)/ }).click();
      await dialog.getByLabel("Name").fill("Notes key");
      // A connection's secret only goes to its own host, so the MCP server lives there.
      await dialog.getByLabel("Base URL (optional)").fill(new URL(upstream.url).origin);
      await dialog.getByLabel("API key").fill(KEY);
      await dialog.getByRole("button", { name: "Save connection" }).click();
      await expect(dialog).toBeHidden();
      await expect(page.getByTestId("connection-Notes key")).toBeVisible();
    });

    const row = page.getByTestId("mcp-instance-notes");
    await test.step("create an instance bound to the connection", async () => {
      await nav.getByRole("link", { name: "MCP instances" }).click();
      await expect(page).toHaveURL(new RegExp(`/w/${slug}/projects/default/mcp-instances$`));
      await expect(page.getByRole("heading", { level: 1, name: "MCP instances" })).toBeVisible();
      await expect(page.getByText("No MCP instances yet")).toBeVisible();
      await page.getByRole("button", { name: "Add instance" }).click();
      const dialog = page.getByRole("dialog");
      await dialog.getByLabel("Name").fill("Notes");
      await dialog.getByLabel("Server URL").fill(upstream.url);
      await dialog.getByRole("button", { name: "Add instance" }).click();
      // The API's own schema refuses an upper-case prefix before anything is sent.
      await expect(dialog.getByText(/Lower-case letters/)).toBeVisible();
      await dialog.getByLabel("Name").fill("notes");
      await dialog.getByRole("combobox", { name: "Connection" }).click();
      await page.getByRole("option", { name: /Notes key/ }).click();
      await expect(dialog.getByRole("combobox", { name: "Credential placement" })).toHaveText("Authorization: Bearer");
      await dialog.getByRole("button", { name: "Add instance" }).click();
      await expect(dialog).toBeHidden();
      await expect(row).toBeVisible();
      await expect(row.getByText("Never synced")).toBeVisible();
      expect(upstream.seen).toHaveLength(0);
    });

    await test.step("sync: the tools arrive with default policies", async () => {
      await row.getByRole("button", { name: "Sync" }).click();
      await expect(row.getByText("Synced", { exact: true })).toBeVisible();
      await row.getByRole("link", { name: "notes" }).click();
      await expect(page).toHaveURL(new RegExp(`/w/${slug}/projects/default/mcp-instances/mcpi_`));
      await expect(page.getByRole("heading", { level: 1, name: "notes" })).toBeVisible();
      await expect(page.getByText(/Notes key · bearer/)).toBeVisible();
      await expect(page.getByRole("combobox", { name: "Policy for echo" })).toHaveText("Allow");
      await expect(page.getByTestId("mcp-tool-echo").getByText("Read-only hint")).toBeVisible();
      await expect(page.getByRole("combobox", { name: "Policy for create_note" })).toHaveText("Approval required");
      await expect(page.getByRole("combobox", { name: "Policy for delete_everything" })).toHaveText("Approval required");
      expect(upstream.seen.length).toBeGreaterThan(0);
      expect(upstream.seen.every((r) => r.headers.authorization === `Bearer ${KEY}`)).toBe(true);
    });

    await test.step("a project admin changes a policy; it survives a reload and a sync", async () => {
      await page.getByRole("combobox", { name: "Policy for delete_everything" }).click();
      await page.getByRole("option", { name: "Deny" }).click();
      await expect(page.getByText("Policy saved")).toBeVisible();
      await page.reload();
      await expect(page.getByRole("combobox", { name: "Policy for delete_everything" })).toHaveText("Deny");
      await expect(page.getByTestId("mcp-tool-delete_everything").getByText("Set by admin")).toBeVisible();
      await expect(page.getByRole("button", { name: "Test delete_everything" })).toBeDisabled();
      await page.getByRole("button", { name: "Sync", exact: true }).click();
      await expect(page.getByText(/^Synced notes/)).toBeVisible();
      await expect(page.getByRole("combobox", { name: "Policy for delete_everything" })).toHaveText("Deny");
    });

    await test.step("test-call a tool: arguments seeded from its schema, the result shown", async () => {
      await page.getByRole("button", { name: "Test echo" }).click();
      const dialog = page.getByRole("dialog");
      const args = dialog.getByLabel("Arguments (JSON)");
      await expect(args).toHaveValue(/"text": ""/);
      await args.fill('{ "text": "hello from e2e" }');
      await dialog.getByRole("button", { name: "Call tool" }).click();
      const result = dialog.getByTestId("tool-call-result");
      await expect(result).toContainText("OK");
      await expect(result).toContainText('"echoed": "hello from e2e"');
      expect(upstream.calls).toEqual(["echo"]);
      await snap(page, "mcp-instance");
      expect(await page.content()).not.toContain(KEY);
      await dialog.getByRole("button", { name: "Close", exact: true }).first().click();
      await expect(dialog).toBeHidden();
    });

    await test.step("the workflow editor offers the instance's tools in an MCP tool step", async () => {
      await nav.getByRole("link", { name: "Workflows" }).click();
      await page.getByRole("button", { name: "New workflow" }).click();
      const dialog = page.getByRole("dialog");
      await dialog.getByLabel("Name", { exact: true }).fill("Notes flow");
      await dialog.getByRole("button", { name: "Create workflow" }).click();
      await expect(page).toHaveURL(new RegExp(`/workflows/notes-flow$`));
      await page.getByRole("button", { name: "Add step" }).click();
      await page.getByRole("option", { name: /MCP tool/ }).click();
      const node = page.getByTestId("workflow-canvas").getByTestId("node-tool");
      await expect(node).toBeVisible();
      await expect(node.getByTestId("node-issue")).toContainText("Required");
      const inspector = page.getByRole("complementary", { name: "Inspector" });
      await inspector.getByRole("combobox", { name: "MCP instance" }).click();
      await page.getByRole("option", { name: "notes" }).click();
      await inspector.getByRole("combobox", { name: "Tool" }).click();
      await expect(page.getByRole("option", { name: "delete_everything · Deny" })).toBeVisible();
      await page.getByRole("option", { name: "echo · Allow" }).click();
      await expect(inspector.getByTestId("tool-details")).toContainText("Policy: Allow");
      await expect(inspector.getByTestId("tool-input-schema")).toContainText('"text"');
      await inspector.getByLabel("Arguments expression (optional)").fill('{ "text": "hi" }');
      await expect(node.getByTestId("node-issue")).not.toContainText("Required");
    });

    await test.step("wire trigger → tool → output, publish (the schema hash is pinned), run the version", async () => {
      const canvas = page.getByTestId("workflow-canvas");
      const inspector = page.getByRole("complementary", { name: "Inspector" });
      const [trigger, tool, output] = ["trigger", "tool", "output"].map((id) => canvas.getByTestId(`node-${id}`));
      await clickConnection(page, sourceHandle(trigger), targetHandle(output));
      await inspector.getByRole("button", { name: "Delete connection" }).click();
      await connect(page, sourceHandle(trigger), targetHandle(tool));
      await connect(page, sourceHandle(tool), targetHandle(output));
      await expect(canvas.getByTestId("rf__edge-e_tool_output")).toHaveCount(1);
      await expect(page.getByTestId("save-status")).toHaveText("All changes saved");
      await expect(canvas.getByTestId("node-issue")).toHaveCount(0);

      await page.getByRole("button", { name: "Publish", exact: true }).click();
      await page.getByRole("dialog").getByRole("button", { name: "Publish version 1" }).click();
      await expect(page.getByText("Latest: v1", { exact: true })).toBeVisible();
      await page.getByRole("navigation", { name: "Workflow" }).getByRole("link", { name: "Versions" }).click();
      await page.getByTestId("version-1").getByRole("link", { name: "Version 1" }).click();
      // Publishing pinned the tool's input-schema hash into the version.
      await page.getByRole("button", { name: "JSON", exact: true }).click();
      await expect(page.getByLabel("Workflow graph JSON")).toContainText(/"schemaHash": "[0-9a-f]{64}"/);
      await page.getByRole("button", { name: "Canvas", exact: true }).click();

      const panel = page.getByRole("complementary", { name: "Inspector" }).getByRole("region", { name: "Run" });
      await panel.getByRole("button", { name: "Start run" }).click();
      const step = panel.getByTestId("run-progress").getByTestId("run-step-tool");
      await expect(step.getByTestId("run-status")).toHaveText(/Succeeded/, { timeout: 60_000 });
      await expect(step).toContainText("hi");
      expect(upstream.calls).toEqual(["echo", "echo"]);
      await page.getByTestId("node-tool").click();
      await expect(page.getByText(/Pinned input schema/)).toBeVisible();
      await snap(page, "mcp-tool-step-run");
    });

    await test.step("an approval_required tool waits in the approvals inbox with the exact call; approving runs it once", async () => {
      const api = async (method: "get" | "post", path: string, data?: unknown) => {
        const res = await page.request[method](path, { headers: { "X-Tenant-Id": slug, "X-Project-Id": "default" }, data });
        const text = await res.text();
        expect(res.ok(), `${method.toUpperCase()} ${path} → ${res.status()} ${text}`).toBe(true);
        return JSON.parse(text);
      };
      const instances = await api("get", "/v1/mcp-instances");
      const instanceId = instances.data.find((i: { name: string }) => i.name === "notes").id;
      const graph = {
        nodes: [
          { id: "trigger", type: "trigger", config: { inputSchema: { type: "object" } } },
          { id: "note", type: "tool", config: { instanceId, tool: "create_note", arguments: '{ "text": "note from e2e" }', allowSelfApproval: true } },
          { id: "output", type: "output", config: {} },
        ],
        edges: [
          { id: "e1", source: "trigger", target: "note" },
          { id: "e2", source: "note", target: "output" },
        ],
      };
      const wf = await api("post", "/v1/workflows", { name: "Notes approval", graph });
      await api("post", `/v1/workflows/${wf.id}/publish`, {});
      const run = await api("post", `/v1/workflows/${wf.id}/runs`, { input: {} });
      await nav.getByRole("link", { name: "Approvals" }).click();
      const card = page.getByTestId("approval-tool-call");
      await expect(card).toBeVisible({ timeout: 60_000 });
      await expect(page.getByTestId("approval-message").first()).toHaveText("Call the tool create_note");
      await expect(page.getByTestId("approval-tool-arguments")).toContainText('"text": "note from e2e"');
      await expect(card).toContainText(instanceId);
      expect(upstream.calls.filter((c) => c === "create_note")).toEqual([]);
      await snap(page, "mcp-tool-approval");
      const item = page.getByRole("listitem").filter({ has: page.getByRole("link", { name: run.id }) });
      await item.getByRole("button", { name: "Approve" }).click();
      await expect(item).toBeHidden();
      await expect
        .poll(async () => (await api("get", `/v1/runs/${run.id}`)).status, { timeout: 60_000 })
        .toBe("succeeded");
      expect(upstream.calls.filter((c) => c === "create_note")).toEqual(["create_note"]);
    });

    await test.step("an HTTP API described by an OpenAPI document: each operation becomes a tool", async () => {
      await nav.getByRole("link", { name: "MCP instances" }).click();
      await page.getByRole("button", { name: "Add instance" }).click();
      const dialog = page.getByRole("dialog");
      await dialog.getByLabel("Name").fill("notes-api");
      await dialog.getByRole("combobox", { name: "Adapter" }).click();
      await page.getByRole("option", { name: "HTTP API (OpenAPI document)" }).click();
      await expect(dialog.getByLabel("Server URL")).toHaveCount(0);
      await dialog.getByRole("combobox", { name: "Connection" }).click();
      await page.getByRole("option", { name: /Notes key/ }).click();
      await dialog.getByLabel("OpenAPI document (JSON)").fill("not json");
      await dialog.getByRole("button", { name: "Add instance" }).click();
      await expect(dialog.getByText("Paste the OpenAPI document as JSON")).toBeVisible();
      const document = {
        openapi: "3.1.0",
        info: { title: "Notes API", version: "1" },
        paths: {
          "/notes": { get: { operationId: "listNotes", responses: { "200": { description: "ok" } } }, post: { operationId: "createNote", responses: { "201": { description: "created" } } } },
        },
      };
      await dialog.getByLabel("OpenAPI document (JSON)").fill(JSON.stringify(document));
      await dialog.getByRole("button", { name: "Add instance" }).click();
      await expect(dialog).toBeHidden();
      const apiRow = page.getByTestId("mcp-instance-notes-api");
      await apiRow.getByRole("button", { name: "Sync" }).click();
      await expect(apiRow.getByText("Synced", { exact: true })).toBeVisible();
      await apiRow.getByRole("link", { name: "notes-api" }).click();
      await expect(page.getByRole("combobox", { name: "Policy for listNotes" })).toHaveText("Allow");
      await expect(page.getByRole("combobox", { name: "Policy for createNote" })).toHaveText("Approval required");
    });

    await test.step("delete the instance", async () => {
      await nav.getByRole("link", { name: "MCP instances" }).click();
      await row.getByRole("button", { name: "Actions for notes" }).click();
      await page.getByRole("menuitem", { name: "Delete" }).click();
      await page.getByRole("button", { name: "Delete instance" }).click();
      await expect(row).toBeHidden();
      await expect(page.getByTestId("mcp-instance-notes-api")).toBeVisible();
    });
  } finally {
    await upstream.close();
  }
});
