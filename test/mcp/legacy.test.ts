// 2025-era clients (Cursor, Claude Desktop, the MCP Inspector): the SDK v1 client's initialize
// handshake, served statelessly by the same factory — same tools, same rights, same results.
import { beforeAll, describe, expect, it } from "vitest";
import { Client, StreamableHTTPClientTransport } from "@modelcontextprotocol/client";
import { createTestToken } from "@/test/factories/tokens";
import { tokenHeaders } from "@/test/support/http";
import { PROJECT_TEAM, tenant } from "@/test/support/world";
import { dataOf, errorOf, legacyClient, MCP_URL, modernClient, routeFetch } from "./support";

let t: Awaited<ReturnType<typeof world>>;
const world = () => tenant({ token: true, workflow: true, credits: true, members: PROJECT_TEAM });
let headers: Record<string, string>;

beforeAll(async () => {
  t = await world();
  headers = tokenHeaders(t.token.token, t.slug, "default");
});

describe("a 2025-era client (SDK v1)", () => {
  it("lists the same tools as a 2026-07-28 client, with their schemas", async () => {
    const legacy = await legacyClient(headers);
    const modern = await modernClient(headers);
    const [old, now] = [(await legacy.listTools()).tools, (await modern.listTools()).tools];
    expect(old.map((tool) => tool.name).sort()).toEqual(now.map((tool) => tool.name).sort());
    const start = old.find((tool) => tool.name === "runs_start")!;
    expect(start.annotations).toMatchObject({ readOnlyHint: false, openWorldHint: true });
    expect(start.outputSchema).toMatchObject({ type: "object" });
    await legacy.close();
  });

  it("calls tools: context, workflow with its input schema, a run, and an error result", async () => {
    const client = await legacyClient(headers);
    expect(dataOf((await client.callTool({ name: "context_get", arguments: {} })) as never)).toMatchObject({ workspace: { slug: t.slug }, project: { slug: "default" } });
    expect(dataOf((await client.callTool({ name: "workflows_get", arguments: { id: t.workflow.id } })) as never).inputSchema).toMatchObject({ required: ["name"] });
    const run = dataOf((await client.callTool({ name: "runs_start", arguments: { id: t.workflow.id, input: { name: "Ada" }, idempotencyKey: `legacy-${Date.now()}` } })) as never);
    expect(run).toMatchObject({ status: "queued", trigger: "mcp" });
    expect(errorOf((await client.callTool({ name: "runs_get", arguments: { id: "run_missing" } })) as never).code).toBe("not_found");
  });

  it("a viewer's 2025-era client gets no write tool", async () => {
    const { token } = await createTestToken({ userId: t.members.viewer.id, workspaceId: t.workspace.id });
    const client = await legacyClient(tokenHeaders(token, t.slug, "default"));
    const { tools } = await client.listTools();
    expect(tools.every((tool) => tool.annotations?.readOnlyHint === true)).toBe(true);
    await expect(client.callTool({ name: "runs_cancel", arguments: { id: "run_x" } })).rejects.toThrow();
  });

  it("the SDK v2 client in its default (2025) mode works too", async () => {
    const client = new Client({ name: "v2-legacy-mode", version: "1.0.0" });
    await client.connect(new StreamableHTTPClientTransport(MCP_URL, { fetch: routeFetch, requestInit: { headers } }));
    expect(dataOf(await client.callTool({ name: "workflows_list", arguments: {} })).data).toHaveLength(1);
  });

  it("a bad token fails the handshake", async () => {
    await expect(legacyClient(tokenHeaders("ar_pat_invalid", t.slug, "default"))).rejects.toThrow();
  });
});
