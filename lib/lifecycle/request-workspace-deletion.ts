import { db } from "@/lib/db/client";
import { newId } from "@/lib/core/ids";
import { notFound } from "@/lib/core/errors";
import type { AuditActor, RequestMeta } from "@/lib/core/scope";
import { recordAudit } from "@/lib/audit/record";
import { notifyGateway } from "@/lib/db/notify-gateway";
import { sendMail } from "@/lib/mail/send";
import { logger } from "@/lib/core/logger";
import { deletionGraceSeconds } from "./config";
import { workspaceDeletionScheduledMail } from "./mails";
import { presentDeletion, type DeletionDto } from "./present";
import { queueWorkspacePurge } from "./queue";

type Input = { workspaceId: string; requestedById: string | null; actor: AuditActor; meta?: RequestMeta | null; reason?: string };

/**
 * Schedules a workspace's deletion after the grace window: from this commit the workspace starts
 * no runs and its tokens, inbound deliveries and gateway traffic are refused; its members are
 * mailed; the purge job is queued for the end of the window. A second request while one is
 * pending returns the pending one. Used by DELETE /v1/workspaces/current (the owner) and by
 * the platform operator route (on the owner's request).
 */
export async function requestWorkspaceDeletion(input: Input): Promise<DeletionDto & { alreadyRequested: boolean }> {
  const outcome = await db.$transaction(async (tx) => {
    const locked = await tx.$queryRaw<{ id: string; slug: string; name: string }[]>`SELECT id, slug, name FROM "Workspace" WHERE id = ${input.workspaceId} FOR UPDATE`;
    if (locked.length === 0) throw notFound("Workspace");
    const ws = locked[0];
    const existing = await tx.workspaceDeletion.findFirst({ where: { workspaceId: ws.id, status: { in: ["scheduled", "purging"] } } });
    if (existing) return { deletion: existing, ws, created: false, members: [] as string[] };
    const members = await tx.workspaceMember.findMany({ where: { workspaceId: ws.id }, select: { role: true, user: { select: { email: true } } }, orderBy: { createdAt: "asc" } });
    const owner = members.find((m) => m.role === "owner");
    const scheduledFor = new Date(Date.now() + deletionGraceSeconds() * 1000);
    const deletion = await tx.workspaceDeletion.create({
      data: { id: newId("workspaceDeletion"), workspaceId: ws.id, workspaceSlug: ws.slug, workspaceName: ws.name, requestedById: input.requestedById, ownerEmail: owner?.user.email ?? "", scheduledFor, requestedAt: new Date() },
    });
    await tx.workspace.update({ where: { id: ws.id }, data: { deletionScheduledFor: deletion.scheduledFor } });
    await recordAudit(
      {
        workspaceId: ws.id,
        actor: input.actor,
        action: "workspace.delete_requested",
        target: { type: "workspace", id: ws.id },
        before: { status: "active" },
        after: { status: "pending_deletion", scheduledFor: deletion.scheduledFor.toISOString() },
        metadata: input.reason ? { reason: input.reason } : undefined,
        request: input.meta,
      },
      tx,
    );
    await notifyGateway(tx, { kind: "workspace", workspaceId: ws.id });
    return { deletion, ws, created: true, members: members.map((m) => m.user.email) };
  });
  if (outcome.created) {
    await queueWorkspacePurge(outcome.deletion.id, outcome.deletion.scheduledFor);
    for (const to of outcome.members) {
      await sendMail(workspaceDeletionScheduledMail(to, outcome.ws, outcome.deletion.scheduledFor)).catch((err: unknown) => logger.error("deletion mail not queued", { err }));
    }
  }
  return { ...presentDeletion(outcome.deletion), alreadyRequested: !outcome.created };
}
