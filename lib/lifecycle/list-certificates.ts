import { db } from "@/lib/db/client";

/** Completed deletions the user requested, or whose owner address is theirs, with their signed certificates. */
export async function listDeletionCertificates(userId: string) {
  const user = await db.user.findUnique({ where: { id: userId }, select: { email: true } });
  const rows = await db.workspaceDeletion.findMany({
    where: { status: "completed", certificate: { not: null }, OR: [{ requestedById: userId }, ...(user ? [{ ownerEmail: user.email }] : [])] },
    orderBy: { completedAt: "desc" },
    take: 100,
  });
  return { data: rows.map((r) => ({ id: r.id, workspace: { id: r.workspaceId, slug: r.workspaceSlug }, completedAt: r.completedAt!.toISOString(), certificate: r.certificate! })) };
}
