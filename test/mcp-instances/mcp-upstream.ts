import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import { createMcpHandler, legacyStatelessFallback, McpServer } from "@modelcontextprotocol/server";
import { z } from "zod";

// A real MCP server (the SDK's own) on 127.0.0.1 as an instance's upstream. It records the
// headers and query of every request it receives, so tests can see which credential arrived.
// `era: "legacy"` serves only the 2025 protocol (stateless), like the servers still deployed;
// the default serves the 2026-07-28 revision with the 2025 fallback.

export type SeenMcpRequest = { method: string; path: string; query: Record<string, string>; headers: Record<string, string>; body: string };

/** The tools it offers; `setEchoSchemaField` changes echo's input schema (a schema change upstream). */
function buildServer(state: { echoField: string; calls: string[] }) {
  const server = new McpServer({ name: "test-upstream", version: "1.0.0" });
  server.registerTool(
    "echo",
    { description: "Echoes its text", inputSchema: z.object({ [state.echoField]: z.string() }), annotations: { readOnlyHint: true } },
    async (args: Record<string, unknown>) => {
      state.calls.push("echo");
      return { content: [{ type: "text", text: `echo: ${String(args[state.echoField])}` }], structuredContent: { echoed: args[state.echoField] } };
    },
  );
  server.registerTool(
    "delete_everything",
    { description: "Deletes everything", inputSchema: z.object({ confirm: z.boolean() }), annotations: { destructiveHint: true } },
    async () => {
      state.calls.push("delete_everything");
      return { content: [{ type: "text", text: "deleted" }] };
    },
  );
  server.registerTool("create_note", { description: "Creates a note", inputSchema: z.object({ text: z.string() }) }, async ({ text }: { text: string }) => {
    state.calls.push("create_note");
    return { content: [{ type: "text", text: `created ${text}` }] };
  });
  return server;
}

/** `accept`: whether a request carries the credential the upstream expects (else 401, before any MCP). */
export async function startMcpUpstream(opts: { era?: "modern" | "legacy"; accept?: (req: SeenMcpRequest) => boolean } = {}) {
  const seen: SeenMcpRequest[] = [];
  const state = { echoField: "text", calls: [] as string[] };
  const handler = opts.era === "legacy" ? { fetch: legacyStatelessFallback(() => buildServer(state)) } : createMcpHandler(() => buildServer(state));
  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    const body = await readBody(req);
    const headers = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(", ") : (v ?? "")]));
    const entry = { method: req.method ?? "GET", path: url.pathname, query: Object.fromEntries(url.searchParams), headers, body };
    seen.push(entry);
    if (opts.accept && !opts.accept(entry)) {
      res.writeHead(401, { "content-type": "application/json" });
      return res.end(JSON.stringify({ error: "unauthorized", echoed: headers.authorization ?? null }));
    }
    const request = new Request(`http://127.0.0.1${req.url}`, { method: req.method, headers: headers, body: req.method === "GET" || req.method === "HEAD" ? undefined : body });
    const response = await handler.fetch(request);
    res.writeHead(response.status, Object.fromEntries(response.headers));
    res.end(Buffer.from(await response.arrayBuffer()));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/mcp`,
    seen,
    calls: state.calls,
    setEchoSchemaField(field: string) {
      state.echoField = field;
    },
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
export type McpUpstream = Awaited<ReturnType<typeof startMcpUpstream>>;

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    let s = "";
    req.on("data", (c) => (s += c));
    req.on("end", () => resolve(s));
  });
}
