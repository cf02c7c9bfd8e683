import type { ActingScope } from "@/lib/core/scope";
import { recordScopedAudit } from "@/lib/audit/record";
import { db } from "@/lib/db/client";
import { notifyGateway } from "@/lib/db/notify-gateway";
import { getToolOrThrow } from "./find-tool";
import { auditView } from "./present";

/** Deletes a tool with its policies: the next call to /t/<name> is a 404. */
export async function deleteTool(scope: ActingScope, idOrName: string): Promise<void> {
  const row = await getToolOrThrow(scope, idOrName);
  await db.$transaction(async (tx) => {
    await tx.tool.delete({ where: { id: row.id } });
    await notifyGateway(tx, { kind: "tools", projectId: scope.project.id });
    await recordScopedAudit(scope, { action: "tool.delete", target: { type: "tool", id: row.id }, before: auditView(row) }, tx);
  });
}
