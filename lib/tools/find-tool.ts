import type { TenantRef } from "@/lib/core/scope";
import { tenantWhere } from "@/lib/core/scope";
import { ApiError, notFound } from "@/lib/core/errors";
import { db, type Tx } from "@/lib/db/client";
import type { Tool } from "@/lib/generated/prisma/client";

/**
 * A tool of the scope's project by id (`tool_…`) or name; another project's or tenant's tool is
 * simply not found. Names may start with `tool_` too, so an id that matches nothing is tried as
 * a name.
 */
export async function getToolOrThrow(scope: TenantRef, idOrName: string, tx: Tx = db): Promise<Tool> {
  const where = tenantWhere(scope);
  const row =
    (idOrName.startsWith("tool_") ? await tx.tool.findFirst({ where: { id: idOrName, ...where } }) : null) ??
    (await tx.tool.findFirst({ where: { name: idOrName, ...where } }));
  if (!row) throw notFound("Tool");
  return row;
}

export const nameTaken = () => new ApiError("conflict", "A tool with this name already exists in this project", { details: [{ path: "name", message: "Already taken" }] });

export const isUniqueViolation = (err: unknown) => (err as { code?: string }).code === "P2002";
