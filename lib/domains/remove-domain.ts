import { db } from "@/lib/db/client";
import { recordScopedAudit } from "@/lib/audit/record";
import { ApiError, notFound } from "@/lib/core/errors";
import type { WorkspaceScope } from "@/lib/core/scope";
import { verifiedDomainCount } from "./policy";

/**
 * Removes a domain. The last verified domain stays while a domain policy is on: removing it
 * would silently lock invitations (restrict) or make auto-join a no-op.
 */
export async function removeDomain(scope: WorkspaceScope, id: string): Promise<void> {
  const workspaceId = scope.workspace.id;
  await db.$transaction(async (tx) => {
    // Same lock as updateWorkspace, so a policy cannot be switched on while this runs.
    await tx.$queryRaw`SELECT id FROM "Workspace" WHERE id = ${workspaceId} FOR UPDATE`;
    const domain = await tx.domain.findFirst({ where: { id, workspaceId } });
    if (!domain) throw notFound("Domain");
    const workspace = await tx.workspace.findUniqueOrThrow({ where: { id: workspaceId }, select: { restrictToVerifiedDomains: true, autoJoinVerifiedDomains: true } });
    const policyOn = workspace.restrictToVerifiedDomains || workspace.autoJoinVerifiedDomains;
    if (domain.verifiedAt && policyOn && (await verifiedDomainCount(workspaceId, tx)) === 1) {
      throw new ApiError("conflict", "This is the workspace's last verified domain: turn off restrictToVerifiedDomains and autoJoinVerifiedDomains first");
    }
    await tx.domain.delete({ where: { id } });
    await recordScopedAudit(scope, { action: "domain.delete", target: { type: "domain", id }, before: { domain: domain.domain, verified: domain.verifiedAt !== null }, after: null }, tx);
  });
}
