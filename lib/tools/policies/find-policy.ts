import type { TenantRef } from "@/lib/core/scope";
import { tenantWhere } from "@/lib/core/scope";
import { notFound } from "@/lib/core/errors";
import { db, type Tx } from "@/lib/db/client";
import { policyInclude, type PolicyRow } from "./present";

/** A policy of this tool (already found in the scope); another tool's policy is not found. */
export async function getToolPolicyOrThrow(scope: TenantRef, toolId: string, policyId: string, tx: Tx = db): Promise<PolicyRow> {
  const row = await tx.toolPolicy.findFirst({ where: { id: policyId, toolId, ...tenantWhere(scope) }, include: policyInclude });
  if (!row) throw notFound("Tool policy");
  return row;
}
