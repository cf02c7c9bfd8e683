import { DATABASE_MCP_ADAPTERS } from "@/lib/schemas/mcp-instances";
import type { ListedTool } from "../list-mcp-tools";

// The tools a database instance offers. They are built in (no upstream lists them), so the
// sync writes this list and everything downstream (policies, schema-hash pinning, approvals,
// test calls, tool steps) treats them like any listed tool. `query` is marked read-only only
// on a read-only instance (where the database itself refuses writes), so on a writable one its
// default policy is approval_required.

export type DatabaseAdapter = (typeof DATABASE_MCP_ADAPTERS)[number];

export function isDatabaseAdapter(adapter: string): adapter is DatabaseAdapter {
  return (DATABASE_MCP_ADAPTERS as readonly string[]).includes(adapter);
}

type ToolDef = { name: string; description: string; inputSchema: Record<string, unknown>; write: boolean; destructive?: boolean };

const obj = (properties: Record<string, unknown>, required: string[] = []) => ({ type: "object", properties, required, additionalProperties: false });
const key = { type: "string", minLength: 1, maxLength: 1024, description: "The key" };

const SQL_TOOLS: ToolDef[] = [
  {
    name: "query",
    description: "Runs one SQL statement with optional positional parameters and returns the columns and rows (at most 500 rows or 1 MiB; `truncated` says when more were cut). On a read-only instance the statement runs in a read-only transaction, so the database refuses any write.",
    inputSchema: obj({ sql: { type: "string", minLength: 1, maxLength: 100_000 }, params: { type: "array", maxItems: 1000, items: {}, description: "Positional parameters ($1… for postgres, ? for mysql and sqlite)" } }, ["sql"]),
    write: true,
    destructive: true,
  },
  { name: "list_tables", description: "Lists the tables and views the connection's user can see, with their schema.", inputSchema: obj({}), write: false },
  {
    name: "describe",
    description: "The columns of a table or view: name, type, nullability and default.",
    inputSchema: obj({ table: { type: "string", minLength: 1, maxLength: 256, description: "`table` or `schema.table`" } }, ["table"]),
    write: false,
  },
];

const REDIS_TOOLS: ToolDef[] = [
  { name: "get", description: "The string value of a key (null when missing; cut at 1 MiB).", inputSchema: obj({ key }, ["key"]), write: false },
  {
    name: "scan",
    description: "One SCAN step: keys matching a glob pattern and the cursor to continue with (\"0\" when done).",
    inputSchema: obj({ pattern: { type: "string", maxLength: 1024, default: "*" }, count: { type: "integer", minimum: 1, maximum: 1000, default: 100 }, cursor: { type: "string", pattern: "^[0-9]+$", default: "0" } }),
    write: false,
  },
  { name: "type", description: "The type of the value stored at a key (`none` when missing).", inputSchema: obj({ key }, ["key"]), write: false },
  { name: "ttl", description: "Seconds until the key expires (-1: no expiry, -2: missing).", inputSchema: obj({ key }, ["key"]), write: false },
  {
    name: "set",
    description: "Sets a key to a string value, optionally expiring after `ttlSeconds`.",
    inputSchema: obj({ key, value: { type: "string", maxLength: 1_048_576 }, ttlSeconds: { type: "integer", minimum: 1, maximum: 31_536_000 } }, ["key", "value"]),
    write: true,
  },
  { name: "del", description: "Deletes keys; returns how many existed.", inputSchema: obj({ keys: { type: "array", items: key, minItems: 1, maxItems: 100 } }, ["keys"]), write: true, destructive: true },
];

function defsOf(adapter: DatabaseAdapter): ToolDef[] {
  return adapter === "redis" ? REDIS_TOOLS : SQL_TOOLS;
}

/** The built-in tools of a database adapter, as a sync caches them. */
export function builtInTools(adapter: DatabaseAdapter, readOnly: boolean): ListedTool[] {
  return defsOf(adapter).map((t) => {
    const readOnlyHint = !t.write || (t.name === "query" && readOnly);
    return {
      name: t.name,
      description: t.description,
      inputSchema: t.inputSchema,
      annotations: { readOnlyHint, destructiveHint: !readOnlyHint && t.destructive === true, idempotentHint: readOnlyHint, openWorldHint: false },
    };
  });
}

/** The built-in tools that may change data when the instance is writable. */
export function writeToolNames(adapter: DatabaseAdapter): string[] {
  return defsOf(adapter).filter((t) => t.write).map((t) => t.name);
}

export function isWriteTool(adapter: DatabaseAdapter, tool: string): boolean {
  return writeToolNames(adapter).includes(tool);
}
