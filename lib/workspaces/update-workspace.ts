import { db } from "@/lib/db/client";
import { recordAudit } from "@/lib/audit/record";
import { ApiError } from "@/lib/core/errors";
import type { UpdateWorkspaceInput, WorkspaceDto } from "@/lib/schemas/workspaces";
import { unlimitedRetentionAllowed } from "@/lib/lifecycle/config";
import { verifiedDomainCount } from "@/lib/domains/policy";
import { presentWorkspace, workspaceAuditView } from "./present";
import type { WorkspaceScope } from "@/lib/core/scope";

/** Renames the workspace and/or changes its domain policies; audited with before/after. */
export async function updateWorkspace(scope: WorkspaceScope, input: UpdateWorkspaceInput): Promise<WorkspaceDto> {
  return db.$transaction(async (tx) => {
    // Row lock: a concurrent domain removal must not leave a policy without a verified domain.
    await tx.$queryRaw`SELECT id FROM "Workspace" WHERE id = ${scope.workspace.id} FOR UPDATE`;
    const before = await tx.workspace.findUniqueOrThrow({ where: { id: scope.workspace.id } });
    const enabling = (input.restrictToVerifiedDomains && !before.restrictToVerifiedDomains) || (input.autoJoinVerifiedDomains && !before.autoJoinVerifiedDomains);
    if (enabling && (await verifiedDomainCount(before.id, tx)) === 0) {
      const path = input.restrictToVerifiedDomains ? "restrictToVerifiedDomains" : "autoJoinVerifiedDomains";
      throw new ApiError("invalid_request", "Verify at least one domain before turning on a domain policy", {
        details: [{ path, message: "No verified domain" }],
      });
    }
    if (input.auditRetentionDays === null && !unlimitedRetentionAllowed()) {
      throw new ApiError("invalid_request", "Unlimited audit retention is only available self-hosted", { details: [{ path: "auditRetentionDays", message: "Choose 30, 90 or 365" }] });
    }
    const after = await tx.workspace.update({
      where: { id: before.id },
      data: {
        ...(input.name !== undefined ? { name: input.name } : {}),
        ...(input.restrictToVerifiedDomains !== undefined ? { restrictToVerifiedDomains: input.restrictToVerifiedDomains } : {}),
        ...(input.autoJoinVerifiedDomains !== undefined ? { autoJoinVerifiedDomains: input.autoJoinVerifiedDomains } : {}),
        ...(input.maxConcurrentRuns !== undefined ? { maxConcurrentRuns: input.maxConcurrentRuns } : {}),
        ...(input.auditRetentionDays !== undefined ? { auditRetentionDays: input.auditRetentionDays } : {}),
      },
    });
    await recordAudit(
      {
        workspaceId: before.id,
        actor: scope.actor,
        action: "workspace.update",
        target: { type: "workspace", id: before.id },
        before: { ...workspaceAuditView(before), maxConcurrentRuns: before.maxConcurrentRuns },
        after: { ...workspaceAuditView(after), maxConcurrentRuns: after.maxConcurrentRuns },
        request: scope.meta ?? null,
      },
      tx,
    );
    return presentWorkspace(after, scope.workspaceRole);
  });
}
