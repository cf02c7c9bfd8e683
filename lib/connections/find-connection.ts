import type { TenantRef } from "@/lib/core/scope";
import { db, type Tx } from "@/lib/db/client";
import { ApiError, notFound } from "@/lib/core/errors";
import { connectionSelect, type ConnectionRow } from "./present";

/** A connection of the scope's project; another project's or tenant's id is simply not found. */
export async function getConnectionOrThrow(scope: TenantRef, id: string, tx: Tx = db): Promise<ConnectionRow> {
  const row = await tx.connection.findFirst({ where: { id, projectId: scope.project.id, workspaceId: scope.workspace.id }, select: connectionSelect });
  if (!row) throw notFound("Connection");
  return row;
}

export const nameTaken = () =>
  new ApiError("conflict", "A connection with this name already exists in this project", { details: [{ path: "name", message: "Already taken" }] });

export const isUniqueViolation = (err: unknown) => (err as { code?: string }).code === "P2002";
