// Which tools a caller gets (scopes ∩ role, the permission table's answer), how they are
// described (annotations, input and output schemas built from the operation definitions),
// lists with cursor/limit, and invalid arguments answered with the API's 422 body.
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { createTestToken } from "@/test/factories/tokens";
import { createTestWorkflow } from "@/test/factories/workflows";
import { tokenHeaders } from "@/test/support/http";
import { PROJECT_TEAM, tenant, type Person } from "@/test/support/world";
import { dataOf, errorOf, modernClient } from "./support";

const READ_TOOLS = ["agents_list", "approvals_list", "connections_list", "context_get", "mcp_instances_list", "run_steps_list", "runs_get", "runs_list", "tools_list", "workflows_get", "workflows_list"];
const WRITE_TOOLS = ["approvals_decide", "runs_cancel", "runs_start", "workflows_publish"];

let t: Awaited<ReturnType<typeof world>>;
const world = () => tenant({ members: PROJECT_TEAM, workflow: true, credits: true });

async function headersOf(p: Person, scopes?: string[]) {
  const { token } = await createTestToken({ userId: p.id, workspaceId: t.workspace.id, scopes });
  return tokenHeaders(token, t.slug, t.project.slug);
}

async function toolNames(headers: Record<string, string>) {
  const client = await modernClient(headers);
  const { tools } = await client.listTools();
  await client.close();
  return tools.map((tool) => tool.name).sort();
}

beforeAll(async () => {
  t = await world();
});

describe("tools per scope set and role", () => {
  it("the owner's full-scope token gets every tool", async () => {
    expect(await toolNames(await headersOf(t.owner))).toEqual([...READ_TOOLS, ...WRITE_TOOLS].sort());
  });

  it("a project viewer's full-scope token lists no write tool, and cannot call one", async () => {
    const headers = await headersOf(t.members.viewer);
    expect(await toolNames(headers)).toEqual(READ_TOOLS);
    const client = await modernClient(headers);
    await expect(client.callTool({ name: "runs_start", arguments: { id: t.workflow.id, idempotencyKey: "k1" } })).rejects.toThrow(/runs_start/);
    expect(await db.run.count({ where: { workflowId: t.workflow.id } })).toBe(0);
  });

  it("a contributor starts, cancels and decides but does not publish", async () => {
    expect(await toolNames(await headersOf(t.members.contributor))).toEqual([...READ_TOOLS, "approvals_decide", "runs_cancel", "runs_start"].sort());
  });

  it("a project admin gets every tool", async () => {
    expect(await toolNames(await headersOf(t.members.projectAdmin))).toEqual([...READ_TOOLS, ...WRITE_TOOLS].sort());
  });

  it("scopes narrow the owner's role: workflow:read only reads, workflow:run adds runs and approvals but not publishing", async () => {
    expect(await toolNames(await headersOf(t.owner, ["workflow:read"]))).toEqual(READ_TOOLS);
    expect(await toolNames(await headersOf(t.owner, ["workflow:read", "workflow:run"]))).toEqual([...READ_TOOLS, "approvals_decide", "runs_cancel", "runs_start"].sort());
    // Without workflow:read only context_get (project.read needs no scope) is left.
    expect(await toolNames(await headersOf(t.owner, ["audit:read"]))).toEqual(["context_get"]);
  });

  it("a member without a project role gets no tool at all: the project is not found", async () => {
    const client = modernClient(await headersOf(t.member));
    await expect(client).rejects.toThrow();
  });
});

describe("tool descriptions", () => {
  it("every tool has annotations, an object input schema and an output schema; read and write tools are told apart", async () => {
    const client = await modernClient(await headersOf(t.owner));
    const { tools } = await client.listTools();
    for (const tool of tools) {
      expect(tool.annotations, tool.name).toMatchObject({ readOnlyHint: READ_TOOLS.includes(tool.name), openWorldHint: expect.any(Boolean), idempotentHint: expect.any(Boolean), destructiveHint: expect.any(Boolean) });
      expect(tool.inputSchema.type).toBe("object");
      expect(tool.outputSchema?.type, tool.name).toBe("object");
      expect(tool.name).toMatch(/^[a-z]+(_[a-z]+)+$/);
    }
    const byName = Object.fromEntries(tools.map((tool) => [tool.name, tool]));
    // Built from the operation's schemas: params + body + extra arguments, side by side.
    expect(Object.keys(byName.runs_start.inputSchema.properties ?? {}).sort()).toEqual(["budget", "draft", "id", "idempotencyKey", "input", "version", "waitSeconds"]);
    expect(byName.runs_start.inputSchema.required).toEqual(["id", "idempotencyKey"]);
    expect(Object.keys(byName.runs_list.inputSchema.properties ?? {})).toEqual(expect.arrayContaining(["cursor", "limit", "status", "workflow"]));
    expect(byName.approvals_decide.inputSchema.required).toEqual(["id", "decision"]);
    expect(byName.approvals_decide.title).toBe("Approve or reject an approval");
    expect(Object.keys(byName.runs_list.outputSchema?.properties ?? {}).sort()).toEqual(["data", "nextCursor"]);
  });

  it("workflows_get returns the trigger's input JSON Schema", async () => {
    const client = await modernClient(await headersOf(t.owner));
    const wf = dataOf(await client.callTool({ name: "workflows_get", arguments: { id: t.workflow.slug } }));
    expect(wf).toMatchObject({ id: t.workflow.id, inputSchemaFrom: "version", inputSchema: { type: "object", required: ["name"] } });
  });

  it("context_get: caller, scopes, workspace, project, credits", async () => {
    const client = await modernClient(await headersOf(t.owner, ["workflow:read", "workspace:read"]));
    const ctx = dataOf(await client.callTool({ name: "context_get", arguments: {} }));
    expect(ctx).toMatchObject({
      caller: { userId: t.owner.id, email: t.owner.email, token: { projectRestricted: false } },
      scopes: ["workflow:read", "workspace:read"],
      workspace: { id: t.workspace.id, slug: t.slug, role: "owner" },
      project: { id: t.project.id, role: "project_admin" },
      credits: { unit: "usd_micros", available: expect.any(Number) },
    });
    expect(ctx.actions).toContain("run.read");
    expect(ctx.actions).not.toContain("run.start");
    // A contributor may not read billing: no balance.
    const contributor = await modernClient(await headersOf(t.members.contributor));
    expect(dataOf(await contributor.callTool({ name: "context_get", arguments: {} })).credits).toBeNull();
  });
});

describe("lists and arguments", () => {
  it("lists take cursor and limit and return { data, nextCursor }", async () => {
    for (let i = 0; i < 2; i++) await createTestWorkflow({ workspaceId: t.workspace.id, projectId: t.project.id });
    const client = await modernClient(await headersOf(t.owner));
    const first = dataOf(await client.callTool({ name: "workflows_list", arguments: { limit: 2 } }));
    expect(first.data).toHaveLength(2);
    expect(first.nextCursor).toEqual(expect.any(String));
    const second = dataOf(await client.callTool({ name: "workflows_list", arguments: { limit: 2, cursor: first.nextCursor } }));
    expect(second.data.length).toBeGreaterThanOrEqual(1);
    expect(second.data.map((w: { id: string }) => w.id)).not.toContain(first.data[0].id);
  });

  it("invalid or unknown arguments are the API's 422 body", async () => {
    const client = await modernClient(await headersOf(t.owner));
    const bad = errorOf(await client.callTool({ name: "runs_list", arguments: { limit: 0 } }));
    expect(bad).toMatchObject({ code: "invalid_request", requestId: expect.stringMatching(/^req/), details: [expect.objectContaining({ path: "limit" })] });
    const unknown = errorOf(await client.callTool({ name: "workflows_list", arguments: { workspaceId: "ws_x" } }));
    expect(unknown).toMatchObject({ code: "invalid_request", details: [{ path: "workspaceId", message: "Unknown argument" }] });
    const missing = errorOf(await client.callTool({ name: "runs_start", arguments: { id: t.workflow.id } }));
    expect(missing.details).toEqual([expect.objectContaining({ path: "idempotencyKey" })]);
  });
});
