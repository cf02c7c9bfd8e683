import { tenantWhere, type ActingScope } from "@/lib/core/scope";
import { db } from "@/lib/db/client";
import { notifyGateway } from "@/lib/db/notify-gateway";
import { recordScopedAudit } from "@/lib/audit/record";
import { getConnectionOrThrow } from "./find-connection";
import { auditView } from "./present";
import { revokeReleasedTokens, tokensOf } from "./oauth/revoke-tokens";

/**
 * Deletes the connection and its sealed secret (the row holds the only copy). An OAuth
 * connection's tokens are then revoked at the provider, unless the workspace holds the same
 * grant elsewhere (lib/connections/oauth/revoke-tokens.ts).
 */
export async function deleteConnection(scope: ActingScope, id: string): Promise<void> {
  const released = await db.$transaction(async (tx) => {
    const before = await getConnectionOrThrow(scope, id, tx);
    const row = before.type === "oauth2" ? await tx.connection.findFirst({ where: { id, ...tenantWhere(scope) }, select: { id: true, workspaceId: true, projectId: true, provider: true, secret: true } }) : null;
    await tx.connection.deleteMany({ where: { id, projectId: scope.project.id, workspaceId: scope.workspace.id } });
    await notifyGateway(tx, { kind: "tools", projectId: scope.project.id });
    await recordScopedAudit(scope, { action: "connection.delete", target: { type: "connection", id }, before: auditView(before), after: null }, tx);
    return row;
  });
  if (released) await revokeReleasedTokens({ ...released, tokens: await tokensOf(released) }, scope);
}
