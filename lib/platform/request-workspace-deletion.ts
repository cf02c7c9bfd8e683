import { db } from "@/lib/db/client";
import { notFound } from "@/lib/core/errors";
import type { RequestMeta } from "@/lib/core/scope";
import { platformActor, type PlatformPrincipal } from "./authenticate-platform";
import { recordPlatformAudit } from "./record-platform-audit";
import { DELETION_REQUESTED } from "./workspaces";
import { requestWorkspaceDeletion as startWorkspaceDeletion } from "@/lib/lifecycle/request-workspace-deletion";

export const DELETION_NOTE =
  "The workspace deletion has started: it is in its grace window (see scheduledFor; the owner can still cancel it in Settings), then every row is deleted, its data key destroyed and the owner mailed a signed deletion certificate.";

/**
 * POST /v1/platform/workspaces/{id}/deletion: an operator's request to delete a workspace (on
 * its owner's request), recorded in platform_audit_log, starts the workspace deletion flow
 * (lib/lifecycle: grace window, then purge). A second request while one is pending returns the first.
 */
export async function requestWorkspaceDeletion(caller: { platform: PlatformPrincipal; meta: RequestMeta }, workspaceId: string, reason: string) {
  const recorded = await recordRequest(caller, workspaceId, reason);
  const deletion = await startWorkspaceDeletion({ workspaceId, requestedById: null, actor: { type: "system", label: `platform operator (${caller.platform.tokenName})` }, meta: caller.meta, reason });
  return { ...recorded, scheduledFor: deletion.scheduledFor };
}

async function recordRequest(caller: { platform: PlatformPrincipal; meta: RequestMeta }, workspaceId: string, reason: string) {
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
