import type { TenantRef } from "@/lib/core/scope";
import { ApiError } from "@/lib/core/errors";
import { getConnectionOrThrow } from "@/lib/connections/find-connection";

// The connection an instance binds must be one of its project's, of a kind whose secret can
// authenticate an HTTP upstream; an OAuth connection's access token only goes as a bearer.

type Binding = { connectionId: string | null; credentialPlacement: string; credentialName: string | null };

const invalid = (path: string, message: string) => new ApiError("invalid_request", message, { details: [{ path, message }] });

export async function checkBinding(scope: TenantRef, b: Binding): Promise<void> {
  if ((b.credentialPlacement === "header" || b.credentialPlacement === "query") && !b.credentialName)
    throw invalid("credentialName", "Name the header or query parameter that carries the secret");
  if (!b.connectionId) return;
  const conn = await getConnectionOrThrow(scope, b.connectionId).catch((err) => {
    if ((err as { code?: string }).code === "not_found") throw invalid("connectionId", "No such connection in this project");
    throw err;
  });
  if (conn.type === "database") throw invalid("connectionId", "A database connection cannot authenticate an MCP server");
  if (conn.type === "oauth2" && b.credentialPlacement !== "bearer") throw invalid("credentialPlacement", "An OAuth connection's token is sent as a bearer token");
}
