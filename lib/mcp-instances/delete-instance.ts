import type { ActingScope } from "@/lib/core/scope";
import { recordScopedAudit } from "@/lib/audit/record";
import { db } from "@/lib/db/client";
import { getMcpInstanceOrThrow } from "./find-instance";
import { auditView } from "./present";

/** Deletes an instance and its cached tools; the connection stays. */
export async function deleteMcpInstance(scope: ActingScope, id: string): Promise<void> {
  const row = await getMcpInstanceOrThrow(scope, id);
  await db.$transaction(async (tx) => {
    await tx.mcpInstance.delete({ where: { id: row.id } });
    await recordScopedAudit(scope, { action: "mcp_instance.delete", target: { type: "mcp_instance", id }, before: auditView(row) }, tx);
  });
}
