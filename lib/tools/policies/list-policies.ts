import type { TenantRef } from "@/lib/core/scope";
import { tenantWhere } from "@/lib/core/scope";
import { db } from "@/lib/db/client";
import type { ToolPolicyDto } from "@/lib/schemas/tools";
import { getToolOrThrow } from "../find-tool";
import { policyInclude, presentToolPolicy } from "./present";

/** A tool's policy bindings, oldest first (a tool has few: no paging). */
export async function listToolPolicies(scope: TenantRef, toolIdOrName: string): Promise<{ data: ToolPolicyDto[] }> {
  const tool = await getToolOrThrow(scope, toolIdOrName);
  const rows = await db.toolPolicy.findMany({ where: { toolId: tool.id, ...tenantWhere(scope) }, include: policyInclude, orderBy: { id: "asc" }, take: 1000 });
  return { data: rows.map(presentToolPolicy) };
}
