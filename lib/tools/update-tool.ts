import type { ActingScope } from "@/lib/core/scope";
import { recordScopedAudit } from "@/lib/audit/record";
import { db } from "@/lib/db/client";
import { notifyGateway } from "@/lib/db/notify-gateway";
import type { ToolDto, UpdateToolBody } from "@/lib/schemas/tools";
import { checkToolSettings, toolData } from "./check-tool";
import { getToolOrThrow, isUniqueViolation, nameTaken } from "./find-tool";
import { auditView, presentTool } from "./present";

/** Changes the fields given; `capabilities` and `credential` are replaced as a whole. */
export async function updateTool(scope: ActingScope, idOrName: string, input: UpdateToolBody): Promise<ToolDto> {
  const before = await getToolOrThrow(scope, idOrName);
  await checkToolSettings(scope, input);
  try {
    return await db.$transaction(async (tx) => {
      const row = await tx.tool.update({ where: { id: before.id }, data: toolData(input) });
      await notifyGateway(tx, { kind: "tools", projectId: scope.project.id });
      await recordScopedAudit(scope, { action: "tool.update", target: { type: "tool", id: row.id }, before: auditView(before), after: auditView(row) }, tx);
      return presentTool(row);
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw nameTaken();
    throw err;
  }
}
