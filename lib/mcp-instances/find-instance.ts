import type { TenantRef } from "@/lib/core/scope";
import { tenantWhere } from "@/lib/core/scope";
import { ApiError, notFound } from "@/lib/core/errors";
import { db, type Tx } from "@/lib/db/client";
import type { McpInstance } from "@/lib/generated/prisma/client";

/** An instance of the scope's project; another project's or tenant's id is simply not found. */
export async function getMcpInstanceOrThrow(scope: TenantRef, id: string, tx: Tx = db): Promise<McpInstance> {
  const row = await tx.mcpInstance.findFirst({ where: { id, ...tenantWhere(scope) } });
  if (!row) throw notFound("MCP instance");
  return row;
}

export const nameTaken = () =>
  new ApiError("conflict", "An MCP instance with this name already exists in this project", { details: [{ path: "name", message: "Already taken" }] });

export const isUniqueViolation = (err: unknown) => (err as { code?: string }).code === "P2002";
