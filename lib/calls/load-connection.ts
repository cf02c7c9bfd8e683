import { getConnectionSecret } from "@/lib/connections/get-connection-secret";
import { CallError } from "./call-error";

/** The tenant a call is made for: the connection must belong to this project. */
export type CallScope = { workspaceId: string; projectId: string };

export type LoadedConnection = Awaited<ReturnType<typeof getConnectionSecret>>;

/** The connection layer's scope shape, from a call scope. */
export function connectionScopeOf(scope: CallScope) {
  return { workspace: { id: scope.workspaceId }, project: { id: scope.projectId } };
}

/**
 * The connection with its decrypted secret, read (tenant-scoped) for every call so a rotated
 * key is used at once. A connection of another project is simply not found.
 */
export async function loadConnection(scope: CallScope, id: string): Promise<LoadedConnection> {
  try {
    return await getConnectionSecret(connectionScopeOf(scope), id);
  } catch (err) {
    if ((err as { code?: string }).code === "not_found") throw new CallError("connection_not_found", `Connection ${id} does not exist in this project`, false);
    throw err;
  }
}
