import { parseDbUrl } from "@/lib/connections/probes/connection-string";
import { EgressDenied, resolveAllowedHost } from "@/lib/net/egress/resolve-host";
import { CallError } from "./call-error";
import type { DatabaseAdapter } from "./db-tools/catalog";
import { dbToolTimeoutMs, StatementError, type RowsResult } from "./db-tools/limits";
import { runMysqlTool } from "./db-tools/mysql";
import { runPostgresTool, type DbTarget } from "./db-tools/postgres";
import { runRedisTool } from "./db-tools/redis";
import { runSqliteTool } from "./db-tools/sqlite";
import { loadConnection, type CallScope } from "./load-connection";
import { redact } from "./redact";

// A built-in tool of a database instance, called for callMcpTool once its gate has passed.
// The connection string is read from the vault for this call only; its host must pass the
// egress policy (the driver connects to the checked address, so DNS cannot move it after the
// check). What the database says about a statement comes back as the tool's error result
// (the caller, a model or a user, needs it to fix the SQL); failures to reach the database are
// CallErrors with a safe message. Every text that leaves has the secret cut out.

export type DatabaseToolCall = {
  scope: CallScope;
  adapter: DatabaseAdapter;
  connectionId: string | null;
  readOnly: boolean;
  tool: string;
  arguments: Record<string, unknown>;
};

export type DatabaseToolAnswer = { isError: boolean; content: Record<string, unknown>[]; structuredContent: Record<string, unknown> | null };

export async function callDatabaseTool(call: DatabaseToolCall): Promise<DatabaseToolAnswer> {
  if (!call.connectionId) throw new CallError("connection_required", "A database instance needs a database connection", false);
  const { connection, secret } = await loadConnection(call.scope, call.connectionId);
  if (connection.type !== "database" || connection.provider !== call.adapter)
    throw new CallError("unsupported_connection", `The instance needs a ${call.adapter} database connection`, false);
  const secrets = secretForms(secret);
  try {
    const result = await run(call, connection.fields, secret);
    return { isError: false, content: [{ type: "text", text: redact(JSON.stringify(result), secrets) }], structuredContent: JSON.parse(redact(JSON.stringify(result), secrets)) as Record<string, unknown> };
  } catch (err) {
    if (err instanceof StatementError) {
      const error = { code: err.code, message: redact(err.message, secrets).slice(0, 2_000) };
      return { isError: true, content: [{ type: "text", text: `${error.code}: ${error.message}` }], structuredContent: { error } };
    }
    if (err instanceof CallError) throw new CallError(err.code, redact(err.message, secrets), err.retryable);
    if (err instanceof EgressDenied) throw new CallError("egress_denied", redact(err.message, secrets), false);
    throw new CallError("database_error", "The database call failed", true);
  }
}

async function run(call: DatabaseToolCall, fields: Record<string, unknown>, secret: string | null): Promise<RowsResult | Record<string, unknown>> {
  const timeoutMs = dbToolTimeoutMs();
  if (call.adapter === "sqlite") return runSqliteTool({ file: typeof fields.path === "string" ? fields.path : undefined, readOnly: call.readOnly, timeoutMs }, call.tool, call.arguments);
  const url = secret ? parseDbUrl(call.adapter, secret) : null;
  if (!url) throw new CallError("invalid_connection", "The connection string is not a valid URL for this database", false);
  const { address } = await resolveAllowedHost(url.host);
  const target: DbTarget = { url, address, readOnly: call.readOnly, timeoutMs };
  if (call.adapter === "postgres") return runPostgresTool(target, call.tool, call.arguments);
  if (call.adapter === "mysql") return runMysqlTool(target, call.tool, call.arguments);
  return runRedisTool(target, call.tool, call.arguments);
}

/** The connection string and its password, raw and URL-encoded: any of them may be echoed. */
function secretForms(secret: string | null): string[] {
  if (!secret) return [];
  const forms = [secret, secret.trim()];
  try {
    const u = new URL(secret.trim());
    if (u.password) forms.push(u.password, decodeURIComponent(u.password));
  } catch {
    // Not a URL: the whole string is the secret.
  }
  return forms;
}
