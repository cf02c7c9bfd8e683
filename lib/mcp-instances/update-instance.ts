import type { ActingScope } from "@/lib/core/scope";
import { recordScopedAudit } from "@/lib/audit/record";
import { db } from "@/lib/db/client";
import type { McpInstanceDto, UpdateMcpInstanceBody } from "@/lib/schemas/mcp-instances";
import { checkBinding } from "./check-binding";
import { getMcpInstanceOrThrow, isUniqueViolation, nameTaken } from "./find-instance";
import { auditView, presentInstance } from "./present";

/** Changes an instance's settings; a new URL forgets the protocol era the last sync found. */
export async function updateMcpInstance(scope: ActingScope, id: string, body: UpdateMcpInstanceBody): Promise<McpInstanceDto> {
  const before = await getMcpInstanceOrThrow(scope, id);
  const merged = {
    url: body.url ?? before.url,
    connectionId: body.connectionId !== undefined ? body.connectionId : before.connectionId,
    credentialPlacement: body.credentialPlacement ?? before.credentialPlacement,
    credentialName: body.credentialName !== undefined ? body.credentialName : before.credentialName,
  };
  await checkBinding(scope, merged);
  const urlChanged = body.url !== undefined && body.url !== before.url;
  try {
    return await db.$transaction(async (tx) => {
      const row = await tx.mcpInstance.update({ where: { id: before.id }, data: { ...body, ...(urlChanged ? { protocolEra: null } : {}) } });
      await recordScopedAudit(scope, { action: "mcp_instance.update", target: { type: "mcp_instance", id }, before: auditView(before), after: auditView(row) }, tx);
      return presentInstance(row);
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw nameTaken();
    throw err;
  }
}
