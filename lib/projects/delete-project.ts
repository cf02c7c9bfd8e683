import { db } from "@/lib/db/client";
import { recordAudit } from "@/lib/audit/record";
import { ApiError } from "@/lib/core/errors";
import type { TenantScope } from "@/lib/core/scope";

/**
 * Deletes a project and, by cascade, everything it holds (members, project-bound tokens,
 * workflows and their runs, …); refused while one of its runs is still live.
 * The default project stays: every workspace keeps one project to land in.
 */
export async function deleteProject(scope: TenantScope): Promise<void> {
  if (scope.project.isDefault) throw new ApiError("invalid_request", "The default project cannot be deleted");
  await db.$transaction(async (tx) => {
    const where = { workspaceId_id: { workspaceId: scope.workspace.id, id: scope.project.id } };
    const before = await tx.project.findUniqueOrThrow({ where });
    // Live runs hold credits and worker slots: they end (or are canceled) before their project goes.
    const active = await tx.run.count({ where: { workspaceId: scope.workspace.id, projectId: before.id, status: { in: ["queued", "running", "waiting_approval"] } } });
    if (active > 0) throw new ApiError("conflict", `The project has ${active} active run${active === 1 ? "" : "s"}; cancel or finish them before deleting it`);
    // Webhook rows reference the project without a foreign key (their tokens do cascade).
    const owned = { workspaceId: scope.workspace.id, projectId: before.id };
    await tx.inboundSubscription.deleteMany({ where: owned });
    await tx.webhookEndpoint.deleteMany({ where: owned });
    await tx.project.delete({ where });
    await recordAudit(
      {
        workspaceId: scope.workspace.id,
        projectId: before.id,
        actor: scope.actor,
        action: "project.delete",
        target: { type: "project", id: before.id },
        before: { slug: before.slug, name: before.name },
        after: null,
        request: scope.meta ?? null,
      },
      tx,
    );
  });
}
