import { z } from "zod";
import { pageQuery } from "@/lib/core/pagination";
import { page, timestamp } from "./common";

// MCP instances: an adapter bound to a project connection, whose tools are offered as
// `<instance>__<tool>`. `remote_mcp` talks to a remote MCP server; the database adapters
// (postgres, mysql, sqlite, redis) offer built-in tools over a `database` connection of the
// same provider and take no URL; `openapi` describes an HTTP API with an OpenAPI 3 document
// (each operation a tool) called on its bound connection's base URL, and takes no URL either.

export const DATABASE_MCP_ADAPTERS = ["postgres", "mysql", "sqlite", "redis"] as const;
export const MCP_ADAPTERS = ["remote_mcp", ...DATABASE_MCP_ADAPTERS, "openapi"] as const;
/** Adapters whose instances take no URL: the bound connection says where to go. */
export const takesNoUrl = (adapter: string | undefined) => isDatabaseMcpAdapter(adapter) || adapter === "openapi";
export const isDatabaseMcpAdapter = (adapter: string | undefined) => (DATABASE_MCP_ADAPTERS as readonly string[]).includes(adapter ?? "");
export const CREDENTIAL_PLACEMENTS = ["bearer", "header", "query", "basic"] as const;
export const TOOL_POLICIES = ["allow", "approval_required", "deny"] as const;

/** The separator between an instance's name and a tool's name in the qualified tool name. */
export const TOOL_NAME_SEPARATOR = "__";

// The name is the prefix of every tool name a model sees: short, lower-case, no separator inside.
const instanceName = z
  .string()
  .trim()
  .min(1)
  .max(64)
  .regex(/^[a-z0-9](?:[a-z0-9-]|_(?!_))*$/, "Lower-case letters, digits, - and single _ (the tool prefix: `<name>__<tool>`)");
// MCP tool names: 1–128 of A–Z a–z 0–9 _ - . (the 2025-11-25 revision's rule).
export const toolName = z.string().min(1).max(128).regex(/^[A-Za-z0-9_.-]+$/, "A tool name: letters, digits, _, - and .");
const toolList = z.array(toolName).max(500);
const httpUrl = z
  .url({ protocol: /^https?$/ })
  .max(2048)
  .refine((u) => {
    const parsed = URL.canParse(u) ? new URL(u) : null;
    return !parsed || (!parsed.username && !parsed.password);
  }, "Credentials do not belong in the URL: bind a connection");
const credentialName = z
  .string()
  .regex(/^[A-Za-z0-9_.-]{1,64}$/)
  .describe("The header (placement `header`) or query parameter (`query`) carrying the secret; for `basic`, the user name (absent: the secret is `user:password`)");

/** An OpenAPI 3 document, as JSON. Checked (and its operations listed) when the instance is saved and synced. */
const openApiDocument = z.record(z.string(), z.unknown()).refine((d) => typeof d.openapi === "string", "An OpenAPI 3 document (with its `openapi` version field)");

const settings = {
  connectionId: z.string().min(1).max(64).nullable().describe("A connection of the same project whose secret is the credential (null: the upstream takes none)"),
  credentialPlacement: z.enum(CREDENTIAL_PLACEMENTS).describe("Where the secret goes on every upstream request"),
  credentialName: credentialName.nullable(),
  readOnly: z
    .boolean()
    .describe("Only tools marked `readOnlyHint` may be called (for remote_mcp the upstream's hint: pair it with a read-only credential; database adapters run SQL in a read-only transaction and refuse redis writes)"),
  allowTools: toolList.describe("When not empty, only these tools may be called"),
  denyTools: toolList.describe("These tools may never be called"),
};

const needsName = (b: { credentialPlacement?: string; credentialName?: string | null }) =>
  (b.credentialPlacement === "header" || b.credentialPlacement === "query") && !b.credentialName;

export const createMcpInstanceBody = z
  .strictObject({
    name: instanceName,
    adapter: z
      .enum(MCP_ADAPTERS)
      .default("remote_mcp")
      .describe("`remote_mcp`, a database adapter (`postgres`, `mysql`, `sqlite`, `redis`) bound to a database connection of that provider, or `openapi` (an HTTP API described by `document`, called on its API-key or OAuth connection's base URL)"),
    url: httpUrl.optional().describe("The upstream MCP server's Streamable HTTP endpoint (remote_mcp only)"),
    document: openApiDocument.optional().describe("openapi only: the API's OpenAPI 3 document (JSON); each operation becomes a tool"),
    connectionId: settings.connectionId.default(null),
    credentialPlacement: settings.credentialPlacement.default("bearer"),
    credentialName: settings.credentialName.default(null),
    readOnly: settings.readOnly.optional().describe("Default: true for database adapters (writes are refused by the database itself), false for remote_mcp"),
    allowTools: settings.allowTools.default([]),
    denyTools: settings.denyTools.default([]),
  })
  .refine((b) => !needsName(b), { path: ["credentialName"], message: "Name the header or query parameter that carries the secret" })
  .refine((b) => takesNoUrl(b.adapter) || !!b.url, { path: ["url"], message: "Give the MCP server's URL" })
  .refine((b) => !takesNoUrl(b.adapter) || b.url === undefined, { path: ["url"], message: "This adapter takes no URL: its connection says where to go" })
  .refine((b) => (b.adapter === "openapi") === (b.document !== undefined), { path: ["document"], message: "The openapi adapter needs the API's OpenAPI document (and only it takes one)" })
  .refine((b) => b.adapter !== "openapi" || !!b.connectionId, { path: ["connectionId"], message: "Bind the API-key or OAuth connection of the API" })
  .refine((b) => !isDatabaseMcpAdapter(b.adapter) || !!b.connectionId, { path: ["connectionId"], message: "Bind a database connection of the adapter's provider" });
export type CreateMcpInstanceBody = z.infer<typeof createMcpInstanceBody>;

export const updateMcpInstanceBody = z
  .strictObject({
    name: instanceName.optional(),
    url: httpUrl.optional(),
    connectionId: settings.connectionId.optional(),
    credentialPlacement: settings.credentialPlacement.optional(),
    credentialName: settings.credentialName.optional(),
    readOnly: settings.readOnly.optional(),
    allowTools: settings.allowTools.optional(),
    denyTools: settings.denyTools.optional(),
    document: openApiDocument.optional().describe("openapi only: a new OpenAPI document (the next sync lists its operations)"),
  })
  .refine((b) => Object.keys(b).length > 0, "Nothing to change");
export type UpdateMcpInstanceBody = z.infer<typeof updateMcpInstanceBody>;

export const listMcpInstancesQuery = pageQuery;

export const mcpInstanceResponse = z.object({
  id: z.string(),
  name: z.string(),
  adapter: z.enum(MCP_ADAPTERS),
  url: z.string().describe("The remote MCP server's URL; empty for database adapters"),
  connectionId: z.string().nullable(),
  credentialPlacement: z.enum(CREDENTIAL_PLACEMENTS),
  credentialName: z.string().nullable(),
  readOnly: z.boolean(),
  allowTools: z.array(z.string()),
  denyTools: z.array(z.string()),
  protocolEra: z.enum(["modern", "legacy"]).nullable().describe("What the upstream spoke at the last sync: `modern` (2026-07-28) or `legacy` (2025-era)"),
  lastSyncedAt: timestamp.nullable(),
  lastSyncStatus: z.enum(["ok", "error"]).nullable(),
  lastSyncError: z.string().nullable(),
  createdAt: timestamp,
  updatedAt: timestamp,
});
export type McpInstanceDto = z.infer<typeof mcpInstanceResponse>;
export const mcpInstancePage = page(mcpInstanceResponse);

export const mcpToolResponse = z.object({
  name: z.string(),
  qualifiedName: z.string().describe("`<instance>__<tool>`, the name workflows and agents use"),
  description: z.string().nullable(),
  inputSchema: z.record(z.string(), z.unknown()).describe("The tool's input JSON Schema, as the upstream listed it"),
  annotations: z.record(z.string(), z.unknown()).nullable().describe("The upstream's hints (`readOnlyHint`, `destructiveHint`…): untrusted"),
  schemaHash: z.string().describe("SHA-256 (hex) of the canonical JSON of `inputSchema`"),
  policy: z.enum(TOOL_POLICIES),
  policySource: z.enum(["default", "admin"]).describe("`default`: recomputed at each sync (allow when the upstream marks the tool read-only); `admin`: set by a project admin"),
  callable: z.boolean().describe("False when the instance's allow/deny lists or read-only flag exclude the tool"),
  removed: z.boolean().describe("The upstream no longer lists the tool"),
  updatedAt: timestamp,
});
export type McpToolDto = z.infer<typeof mcpToolResponse>;
export const mcpToolList = z.object({ data: z.array(mcpToolResponse) });

export const syncMcpInstanceResponse = z.object({
  instance: mcpInstanceResponse,
  tools: z.array(mcpToolResponse),
  added: z.array(z.string()),
  changed: z.array(z.string()).describe("Tools whose input schema hash changed"),
  removed: z.array(z.string()),
});

export const mcpToolParams = z.object({ id: z.string().min(1).max(64), tool: toolName });
export const updateMcpToolBody = z.strictObject({ policy: z.enum(TOOL_POLICIES) });

export const callMcpToolBody = z.strictObject({
  arguments: z.record(z.string(), z.unknown()).default({}).describe("The tool's arguments, checked by the upstream against its input schema"),
});
export const callMcpToolResponse = z.object({
  tool: z.string(),
  isError: z.boolean().describe("The tool itself reported an error (the call reached it)"),
  content: z.array(z.record(z.string(), z.unknown())),
  structuredContent: z.record(z.string(), z.unknown()).nullable(),
  schemaHash: z.string().nullable().describe("The cached schema hash of the tool called (null when the call did not reach it)"),
  latencyMs: z.int(),
  error: z
    .object({ code: z.string(), message: z.string(), retryable: z.boolean() })
    .nullable()
    .describe("Why the call did not reach the tool (unreachable server, refused credential, protocol error); null when it did"),
});
export type CallMcpToolResponse = z.infer<typeof callMcpToolResponse>;
