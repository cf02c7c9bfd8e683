// Real MCP clients against the /mcp route handler: the SDK's own client transports with a
// `fetch` that hands each Request to the exported route function, the way Next would.
import { Client, StreamableHTTPClientTransport, type ClientCapabilities } from "@modelcontextprotocol/client";
import { Client as LegacyClient } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport as LegacyTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { DELETE, GET, POST } from "@/app/mcp/route";

export const MCP_URL = new URL("http://localhost/mcp");

/** A fetch that serves /mcp from the route handler, in process. */
export async function routeFetch(input: string | URL | Request, init?: RequestInit): Promise<Response> {
  const req = new Request(input, init);
  const handler = req.method === "POST" ? POST : req.method === "GET" ? GET : DELETE;
  return handler(req);
}

type ElicitAnswer = { action: "accept" | "decline" | "cancel"; content?: Record<string, string | number | boolean | string[]> };
type ModernOptions = { capabilities?: ClientCapabilities; onElicit?: (message: string) => ElicitAnswer };

/** A 2026-07-28 client (SDK v2, pinned to the modern revision) acting with `headers`. */
export async function modernClient(headers: Record<string, string>, opts: ModernOptions = {}): Promise<Client> {
  const client = new Client(
    { name: "agentruntime-test", version: "1.0.0" },
    { versionNegotiation: { mode: { pin: "2026-07-28" } }, capabilities: opts.capabilities ?? (opts.onElicit ? { elicitation: { form: {} } } : {}) },
  );
  if (opts.onElicit) {
    const onElicit = opts.onElicit;
    client.setRequestHandler("elicitation/create", async (request) => onElicit((request.params as { message: string }).message));
  }
  await client.connect(new StreamableHTTPClientTransport(MCP_URL, { fetch: routeFetch, requestInit: { headers } }));
  return client;
}

/** A 2025-era client (SDK v1, initialize handshake) acting with `headers`. */
export async function legacyClient(headers: Record<string, string>): Promise<LegacyClient> {
  const client = new LegacyClient({ name: "agentruntime-test-v1", version: "1.0.0" });
  await client.connect(new LegacyTransport(MCP_URL, { fetch: routeFetch, requestInit: { headers } }));
  return client;
}

type ToolResult = { isError?: boolean; content?: unknown; structuredContent?: unknown };

/** The result's data (structuredContent), checked against its JSON text copy. */
export function dataOf(result: ToolResult) {
  if (result.isError) throw new Error(`tool error: ${JSON.stringify(result.content)}`);
  const text = (result.content as { type: string; text: string }[])[0].text;
  if (JSON.stringify(JSON.parse(text)) !== JSON.stringify(result.structuredContent)) throw new Error("the text copy differs from structuredContent");
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- test assertions read arbitrary JSON
  return result.structuredContent as any;
}

/** The API error body an isError result carries. */
export function errorOf(result: ToolResult): { code: string; message: string; requestId: string; details?: { path: string; message: string }[] } {
  if (!result.isError) throw new Error(`expected a tool error, got ${JSON.stringify(result.structuredContent)}`);
  return (JSON.parse((result.content as { type: string; text: string }[])[0].text) as { error: ReturnType<typeof errorOf> }).error;
}
