import { db } from "@/lib/db/client";
import { recordAudit } from "@/lib/audit/record";
import { getConnectionOrThrow } from "./find-connection";
import { auditView } from "./present";
import type { ConnectionScope } from "./scope";

/** Deletes the connection and its sealed secret (the row holds the only copy). */
export async function deleteConnection(scope: ConnectionScope, id: string): Promise<void> {
  await db.$transaction(async (tx) => {
    const before = await getConnectionOrThrow(scope, id, tx);
    await tx.connection.deleteMany({ where: { id, projectId: scope.project.id, workspaceId: scope.workspace.id } });
    await recordAudit(
      {
        workspaceId: scope.workspace.id,
        projectId: scope.project.id,
        actor: scope.actor,
        action: "connection.delete",
        target: { type: "connection", id },
        before: auditView(before),
        after: null,
        request: scope.meta ?? null,
      },
      tx,
    );
  });
}
