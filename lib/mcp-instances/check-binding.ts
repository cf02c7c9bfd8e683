import type { TenantRef } from "@/lib/core/scope";
import { ApiError } from "@/lib/core/errors";
import { getConnectionOrThrow } from "@/lib/connections/find-connection";
import { presentConnection } from "@/lib/connections/present";
import { CallError } from "@/lib/calls/call-error";
import { assertCredentialHost } from "@/lib/calls/credential-host";
import { isDatabaseMcpAdapter } from "@/lib/schemas/mcp-instances";

// The connection an instance binds must be one of its project's, of a kind whose secret can
// authenticate an HTTP upstream, made for the host the instance's URL is on (lib/calls/
// credential-host.ts); an OAuth connection's access token only goes as a bearer. A database
// adapter binds a `database` connection of its own provider, and nothing else, and has no URL;
// the openapi adapter binds an API-key or OAuth connection, whose base URL is the API's.

type Binding = { adapter: string; url: string | undefined; connectionId: string | null; credentialPlacement: string; credentialName: string | null };

const invalid = (path: string, message: string) => new ApiError("invalid_request", message, { details: [{ path, message }] });

export async function checkBinding(scope: TenantRef, b: Binding): Promise<void> {
  if (isDatabaseMcpAdapter(b.adapter)) return checkDatabaseBinding(scope, b);
  if (b.adapter === "openapi") return checkOpenApiBinding(scope, b);
  if (!b.url) throw invalid("url", "Give the MCP server's URL");
  if ((b.credentialPlacement === "header" || b.credentialPlacement === "query") && !b.credentialName)
    throw invalid("credentialName", "Name the header or query parameter that carries the secret");
  if (!b.connectionId) return;
  const conn = await connectionOf(scope, b.connectionId);
  if (conn.type === "database") throw invalid("connectionId", "A database connection cannot authenticate an MCP server");
  if (conn.type === "oauth2" && b.credentialPlacement !== "bearer") throw invalid("credentialPlacement", "An OAuth connection's token is sent as a bearer token");
  try {
    assertCredentialHost(presentConnection(conn), b.url);
  } catch (err) {
    if (err instanceof CallError) throw invalid("url", `${err.message}: the MCP server must be on that host (give a custom connection that server's URL as its base URL)`);
    throw err;
  }
}

async function checkDatabaseBinding(scope: TenantRef, b: Binding): Promise<void> {
  if (b.url) throw invalid("url", "A database adapter takes no URL: its connection says where the database is");
  if (!b.connectionId) throw invalid("connectionId", `Bind a ${b.adapter} database connection`);
  const conn = await connectionOf(scope, b.connectionId);
  if (conn.type !== "database" || conn.provider !== b.adapter) throw invalid("connectionId", `The ${b.adapter} adapter needs a ${b.adapter} database connection`);
}

/** The openapi adapter calls the bound connection's own base URL with its own credential. */
async function checkOpenApiBinding(scope: TenantRef, b: Binding): Promise<void> {
  if (b.url) throw invalid("url", "The openapi adapter takes no URL: its connection's base URL is where the API is");
  if (!b.connectionId) throw invalid("connectionId", "Bind the API-key or OAuth connection of the API");
  const conn = await connectionOf(scope, b.connectionId);
  if (conn.type !== "api_key" && conn.type !== "oauth2") throw invalid("connectionId", "The openapi adapter needs an API-key or OAuth connection");
}

function connectionOf(scope: TenantRef, id: string) {
  return getConnectionOrThrow(scope, id).catch((err) => {
    if ((err as { code?: string }).code === "not_found") throw invalid("connectionId", "No such connection in this project");
    throw err;
  });
}
