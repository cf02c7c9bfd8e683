import type { ActingScope } from "@/lib/core/scope";
import { db } from "@/lib/db/client";
import { notifyGateway } from "@/lib/db/notify-gateway";
import { recordScopedAudit } from "@/lib/audit/record";
import { getConnectionOrThrow } from "./find-connection";
import { auditView } from "./present";

/** Deletes the connection and its sealed secret (the row holds the only copy). */
export async function deleteConnection(scope: ActingScope, id: string): Promise<void> {
  await db.$transaction(async (tx) => {
    const before = await getConnectionOrThrow(scope, id, tx);
    await tx.connection.deleteMany({ where: { id, projectId: scope.project.id, workspaceId: scope.workspace.id } });
    await notifyGateway(tx, { kind: "tools", projectId: scope.project.id });
    await recordScopedAudit(scope, { action: "connection.delete", target: { type: "connection", id }, before: auditView(before), after: null }, tx);
  });
}
