import { CallError } from "./call-error";
import { withMcpSession, type McpEndpoint } from "./mcp-session";
import { redact } from "./redact";

// Discovery: the tools an MCP instance's upstream lists, for the sync to cache. Everything
// listed is the upstream's word (descriptions and annotations are untrusted), bounded in
// number and size, with any echo of the credential cut out.

const MAX_TOOLS = 500;
const MAX_DESCRIPTION = 4_000;

export type ListedTool = { name: string; description: string | null; inputSchema: Record<string, unknown>; annotations: Record<string, unknown> | null };

// The names a tool may have (the 2025-11-25 revision's rule); others cannot be named safely.
const TOOL_NAME = /^[A-Za-z0-9_.-]{1,128}$/;

/** The listed tools, and the names of those ignored because their name breaks the rule. */
export async function listMcpTools(endpoint: McpEndpoint, signal: AbortSignal): Promise<{ era: "modern" | "legacy"; tools: ListedTool[]; ignored: string[] }> {
  return withMcpSession(endpoint, signal, async ({ client, era, secrets }) => {
    const { tools } = await client.listTools(undefined, { signal });
    if (tools.length > MAX_TOOLS) throw new CallError("too_many_tools", `The MCP server lists more than ${MAX_TOOLS} tools`, false);
    const clean = (v: unknown) => JSON.parse(redact(JSON.stringify(v ?? null), secrets)) as never;
    return {
      era,
      ignored: tools.filter((t) => !TOOL_NAME.test(t.name)).map((t) => redact(t.name, secrets).slice(0, 128)),
      tools: tools.filter((t) => TOOL_NAME.test(t.name)).map((t) => ({
        name: t.name,
        description: t.description ? redact(t.description, secrets).slice(0, MAX_DESCRIPTION) : null,
        inputSchema: clean(t.inputSchema) ?? { type: "object" },
        annotations: t.annotations ? clean(t.annotations) : null,
      })),
    };
  });
}
