import { db } from "@/lib/db/client";
import { notFound } from "@/lib/core/errors";
import type { RequestMeta } from "@/lib/core/scope";
import { platformActor, type PlatformPrincipal } from "./authenticate-platform";
import { recordPlatformAudit } from "./record-platform-audit";
import { DELETION_REQUESTED } from "./workspaces";

export const DELETION_NOTE =
  "Workspace deletion is not available yet: the request is recorded as a pending platform action (platform_audit_log) and nothing has been deleted. It will be carried out through the workspace deletion flow (grace window, then purge) once that ships.";

/**
 * POST /v1/platform/workspaces/{id}/deletion: records an operator's request to delete a
 * workspace (on its owner's request) as a pending platform action. Deletes nothing. A second
 * request while one is pending returns the first.
 */
export async function requestWorkspaceDeletion(caller: { platform: PlatformPrincipal; meta: RequestMeta }, workspaceId: string, reason: string) {
  return db.$transaction(async (tx) => {
    const locked = await tx.$queryRaw<{ id: string; slug: string; name: string }[]>`SELECT id, slug, name FROM "Workspace" WHERE id = ${workspaceId} FOR UPDATE`;
    if (locked.length === 0) throw notFound("Workspace");
    const existing = await tx.platformAuditLog.findFirst({ where: { action: DELETION_REQUESTED, targetType: "workspace", targetId: workspaceId }, orderBy: { id: "asc" }, select: { id: true, createdAt: true } });
    if (existing) return { workspaceId, status: "pending" as const, requestedAt: existing.createdAt.toISOString(), actionId: existing.id, alreadyRequested: true, note: DELETION_NOTE };
    const ws = locked[0];
    const actionId = await recordPlatformAudit(
      {
        actor: platformActor(caller.platform),
        action: DELETION_REQUESTED,
        target: { type: "workspace", id: workspaceId },
        before: { status: "active", slug: ws.slug, name: ws.name },
        after: { status: "deletion_requested" },
        metadata: { reason, pending: true },
        request: caller.meta,
      },
      tx,
    );
    const row = await tx.platformAuditLog.findUniqueOrThrow({ where: { id: actionId }, select: { createdAt: true } });
    return { workspaceId, status: "pending" as const, requestedAt: row.createdAt.toISOString(), actionId, alreadyRequested: false, note: DELETION_NOTE };
  });
}
