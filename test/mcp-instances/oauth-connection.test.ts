// An MCP instance bound to an OAuth connection: the access token goes as a bearer, and a 401
// from the MCP server refreshes it once and retries with the new one.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openTokens } from "@/lib/connections/oauth/token-secret";
import { inProject } from "@/test/support/http";
import { tenant } from "@/test/support/world";
import { allowLoopback } from "@/test/connections/helpers";
import { connect, connectionRow, startProviders } from "@/test/connections/oauth/helpers";
import { callTool, createInstance, syncInstance } from "./helpers";
import { startMcpUpstream, type McpUpstream } from "./mcp-upstream";

let providers: Awaited<ReturnType<typeof startProviders>>;
let up: McpUpstream;
let restoreEnv: () => void;
/** The token the MCP server accepts; `refused` makes it refuse that one and take any other. */
let accepted: string | null = null;
let refused: string | null = null;
const savedApiBase = process.env.GOOGLE_API_BASE_URL;

beforeAll(async () => {
  providers = await startProviders();
  up = await startMcpUpstream({
    accept: (r) => {
      const token = r.headers.authorization?.replace(/^Bearer /, "");
      return !!token && (refused ? token !== refused : token === accepted);
    },
  });
  // The connection's API host is where its token may go: point Google's at the local MCP server.
  process.env.GOOGLE_API_BASE_URL = new URL(up.url).origin;
  restoreEnv = allowLoopback();
});
afterAll(async () => {
  restoreEnv();
  if (savedApiBase === undefined) delete process.env.GOOGLE_API_BASE_URL;
  else process.env.GOOGLE_API_BASE_URL = savedApiBase;
  await up.close();
  await providers.stop();
});

describe("MCP instance on an OAuth connection", () => {
  it("sends the access token as a bearer; a 401 refreshes it once and the call goes through with the new token", async () => {
    const t = await tenant();
    const connectionId = await connect("google", t.admin, t);
    const headers = inProject(t.admin, t.slug);
    const first = (await openTokens(await connectionRow(connectionId)))!.accessToken;
    accepted = first;
    expect((await createInstance(headers, { url: up.url, connectionId, credentialPlacement: "header", credentialName: "X-Token" })).status).toBe(422);
    const inst = await createInstance(headers, { url: up.url, connectionId });
    expect(inst.status).toBe(201);
    expect((await syncInstance(headers, inst.json.id)).json.instance.lastSyncStatus).toBe("ok");

    // The MCP server stops accepting the token it had: the next call refreshes once and retries.
    refused = first;
    const refreshCalls = providers.fake.state.refreshCalls;
    const from = up.seen.length;
    const res = await callTool(headers, inst.json.id, "echo", { text: "after refresh" });
    expect(providers.fake.state.refreshCalls).toBe(refreshCalls + 1);
    expect(res.json).toMatchObject({ isError: false, content: [{ text: "echo: after refresh" }] });
    const renewed = (await openTokens(await connectionRow(connectionId)))!.accessToken;
    expect(renewed).not.toBe(first);
    const sent = up.seen.slice(from).map((r) => r.headers.authorization);
    expect(sent[0]).toBe(`Bearer ${first}`);
    expect(sent.at(-1)).toBe(`Bearer ${renewed}`);
    expect(JSON.stringify(res.json)).not.toContain(renewed);
  });
});
