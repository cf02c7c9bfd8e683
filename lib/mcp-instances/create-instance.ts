import type { ActingScope } from "@/lib/core/scope";
import { tenantWhere } from "@/lib/core/scope";
import { newId } from "@/lib/core/ids";
import { recordScopedAudit } from "@/lib/audit/record";
import { actorUserId } from "@/lib/audit/record";
import { db } from "@/lib/db/client";
import { isDatabaseMcpAdapter, type CreateMcpInstanceBody, type McpInstanceDto } from "@/lib/schemas/mcp-instances";
import { asJson } from "@/lib/db/json";
import { checkBinding } from "./check-binding";
import { checkOpenApiDocument } from "./openapi-document";
import { isUniqueViolation, nameTaken } from "./find-instance";
import { auditView, presentInstance } from "./present";

/**
 * Creates an instance bound to a project connection; its tools arrive with the first sync. A
 * database instance is read-only unless its creator says otherwise, and has no URL.
 */
export async function createMcpInstance(scope: ActingScope, input: CreateMcpInstanceBody): Promise<McpInstanceDto> {
  const database = isDatabaseMcpAdapter(input.adapter);
  const { document, ...settings } = input;
  const body = { ...settings, url: input.url ?? "", readOnly: input.readOnly ?? database, config: document === undefined ? {} : asJson({ document }) };
  await checkBinding(scope, { ...body, url: input.url });
  if (document !== undefined) await checkOpenApiDocument(document);
  if (await db.mcpInstance.findFirst({ where: { ...tenantWhere(scope), name: body.name }, select: { id: true } })) throw nameTaken();
  const id = newId("mcpInstance");
  try {
    return await db.$transaction(async (tx) => {
      const row = await tx.mcpInstance.create({ data: { id, ...tenantWhere(scope), ...body, createdById: actorUserId(scope.actor) } });
      await recordScopedAudit(scope, { action: "mcp_instance.create", target: { type: "mcp_instance", id }, after: auditView(row) }, tx);
      return presentInstance(row);
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw nameTaken();
    throw err;
  }
}
