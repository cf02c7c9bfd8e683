import type { TenantRef } from "@/lib/core/scope";
import { tenantWhere } from "@/lib/core/scope";
import { ApiError, notFound } from "@/lib/core/errors";
import { db, type Tx } from "@/lib/db/client";
import type { Agent } from "@/lib/generated/prisma/client";

/**
 * An agent of the scope's project by id (`agt_…`) or slug (slugs have no `_`, so the two never
 * collide); another project's or tenant's agent is simply not found.
 */
export async function getAgentOrThrow(scope: TenantRef, idOrSlug: string, tx: Tx = db): Promise<Agent> {
  const key = idOrSlug.startsWith("agt_") ? { id: idOrSlug } : { slug: idOrSlug };
  const row = await tx.agent.findFirst({ where: { ...key, ...tenantWhere(scope) } });
  if (!row) throw notFound("Agent");
  return row;
}

export const slugTaken = () => new ApiError("conflict", "An agent with this slug already exists in this project", { details: [{ path: "slug", message: "Already taken" }] });

export const isUniqueViolation = (err: unknown) => (err as { code?: string }).code === "P2002";
