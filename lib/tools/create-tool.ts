import type { ActingScope } from "@/lib/core/scope";
import { tenantWhere } from "@/lib/core/scope";
import { newId } from "@/lib/core/ids";
import { actorUserId, recordScopedAudit } from "@/lib/audit/record";
import { db } from "@/lib/db/client";
import { notifyGateway } from "@/lib/db/notify-gateway";
import type { Prisma } from "@/lib/generated/prisma/client";
import type { CreateToolBody, ToolDto } from "@/lib/schemas/tools";
import { checkToolSettings, toolData } from "./check-tool";
import { isUniqueViolation, nameTaken } from "./find-tool";
import { auditView, presentTool } from "./present";

/** Registers a tool: agents reach it at the gateway's /t/<name> once a policy binds them. */
export async function createTool(scope: ActingScope, input: CreateToolBody): Promise<ToolDto> {
  await checkToolSettings(scope, input);
  if (await db.tool.findFirst({ where: { ...tenantWhere(scope), name: input.name }, select: { id: true } })) throw nameTaken();
  const id = newId("tool");
  try {
    return await db.$transaction(async (tx) => {
      const data = { id, ...tenantWhere(scope), ...toolData(input), name: input.name, baseUrl: input.baseUrl, createdById: actorUserId(scope.actor) } as Prisma.ToolUncheckedCreateInput;
      const row = await tx.tool.create({ data });
      await notifyGateway(tx, { kind: "tools", projectId: scope.project.id });
      await recordScopedAudit(scope, { action: "tool.create", target: { type: "tool", id }, after: auditView(row) }, tx);
      return presentTool(row);
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw nameTaken();
    throw err;
  }
}
