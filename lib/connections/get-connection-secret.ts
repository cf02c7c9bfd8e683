import type { TenantRef } from "@/lib/core/scope";
import "server-only";
import { db } from "@/lib/db/client";
import { notFound } from "@/lib/core/errors";
import { decryptSecret } from "@/lib/vault";
import { connectionSecretRef, connectionSelect, presentConnection } from "./present";
import type { ConnectionDto } from "@/lib/schemas/connections";

type ConnectionWithSecret = { connection: ConnectionDto; secret: string | null; secretVersion: number };

/**
 * The one function that decrypts a connection's secret, for calls that really need it
 * (Test connection, tool calls at run time). Tenancy is in the query; the plaintext must
 * never be returned to a client, logged or audited.
 */
export async function getConnectionSecret(scope: TenantRef, id: string): Promise<ConnectionWithSecret> {
  const row = await db.connection.findFirst({
    where: { id, projectId: scope.project.id, workspaceId: scope.workspace.id },
    select: { ...connectionSelect, secret: true },
  });
  if (!row) throw notFound("Connection");
  const { secret, ...rest } = row;
  return {
    connection: presentConnection(rest),
    secret: secret ? await decryptSecret(connectionSecretRef(row.workspaceId, row.id), secret) : null,
    secretVersion: row.secretVersion,
  };
}
