import type { ActingScope } from "@/lib/core/scope";
import { recordScopedAudit } from "@/lib/audit/record";
import { db } from "@/lib/db/client";
import { isDatabaseAdapter, writeToolNames } from "@/lib/calls/db-tools/catalog";
import type { McpInstanceDto, UpdateMcpInstanceBody } from "@/lib/schemas/mcp-instances";
import { ApiError } from "@/lib/core/errors";
import { asJson } from "@/lib/db/json";
import { checkBinding } from "./check-binding";
import { checkOpenApiDocument } from "./openapi-document";
import { getMcpInstanceOrThrow, isUniqueViolation, nameTaken } from "./find-instance";
import { auditView, presentInstance } from "./present";
import { writeBuiltInTools } from "./sync-instance";

/**
 * Changes an instance's settings; a new URL forgets the protocol era the last sync found. A
 * database instance whose read-only flag changes has its built-in tools rewritten (the `query`
 * tool is read-only only on a read-only instance), and leaving read-only mode puts its write
 * tools back under approval: an `allow` chosen while they could not write no longer holds.
 */
export async function updateMcpInstance(scope: ActingScope, id: string, body: UpdateMcpInstanceBody): Promise<McpInstanceDto> {
  const before = await getMcpInstanceOrThrow(scope, id);
  const database = isDatabaseAdapter(before.adapter);
  const merged = {
    adapter: before.adapter,
    url: database || before.adapter === "openapi" ? body.url : (body.url ?? before.url),
    connectionId: body.connectionId !== undefined ? body.connectionId : before.connectionId,
    credentialPlacement: body.credentialPlacement ?? before.credentialPlacement,
    credentialName: body.credentialName !== undefined ? body.credentialName : before.credentialName,
  };
  await checkBinding(scope, merged);
  const { document, ...settings } = body;
  if (document !== undefined) {
    if (before.adapter !== "openapi") throw new ApiError("invalid_request", "Only an openapi instance takes a document", { details: [{ path: "document", message: "Only for the openapi adapter" }] });
    await checkOpenApiDocument(document);
  }
  const urlChanged = body.url !== undefined && body.url !== before.url;
  try {
    return await db.$transaction(async (tx) => {
      const row = await tx.mcpInstance.update({ where: { id: before.id }, data: { ...settings, ...(document !== undefined ? { config: asJson({ ...(before.config as object), document }) } : {}), ...(urlChanged ? { protocolEra: null } : {}) } });
      if (isDatabaseAdapter(row.adapter) && row.readOnly !== before.readOnly) {
        await writeBuiltInTools(scope, row, tx);
        if (!row.readOnly)
          await tx.mcpTool.updateMany({ where: { instanceId: row.id, name: { in: writeToolNames(row.adapter) }, policy: "allow" }, data: { policy: "approval_required", policySetAt: null } });
      }
      await recordScopedAudit(scope, { action: "mcp_instance.update", target: { type: "mcp_instance", id }, before: auditView(before), after: auditView(row) }, tx);
      return presentInstance(row);
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw nameTaken();
    throw err;
  }
}
