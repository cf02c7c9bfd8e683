import { tenantWhere, type TenantRef } from "@/lib/core/scope";
import { db } from "@/lib/db/client";
import { notFound } from "@/lib/core/errors";
import type { Prisma } from "@/lib/generated/prisma/client";

/** A run of the project by id; another project's or tenant's run is simply not found. */
export async function getRunOrThrow<S extends Prisma.RunSelect>(scope: TenantRef, id: string, select: S): Promise<Prisma.RunGetPayload<{ select: S }>> {
  const row = await db.run.findFirst({ where: { id, ...tenantWhere(scope) }, select });
  if (!row) throw notFound("Run");
  return row as Prisma.RunGetPayload<{ select: S }>;
}
