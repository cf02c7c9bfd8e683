import type { WorkspaceRole } from "@/lib/core/scope";
import type { WorkspaceDto } from "@/lib/schemas/workspaces";

type WorkspaceRow = {
  id: string;
  slug: string;
  name: string;
  restrictToVerifiedDomains: boolean;
  autoJoinVerifiedDomains: boolean;
  maxConcurrentRuns: number;
  auditRetentionDays: number | null;
  deletionScheduledFor: Date | null;
  createdAt: Date;
  updatedAt: Date;
};

export function presentWorkspace(w: WorkspaceRow, role: WorkspaceRole): WorkspaceDto {
  return {
    id: w.id,
    slug: w.slug,
    name: w.name,
    role,
    restrictToVerifiedDomains: w.restrictToVerifiedDomains,
    autoJoinVerifiedDomains: w.autoJoinVerifiedDomains,
    maxConcurrentRuns: w.maxConcurrentRuns,
    auditRetentionDays: w.auditRetentionDays,
    pendingDeletionUntil: w.deletionScheduledFor?.toISOString() ?? null,
    createdAt: w.createdAt.toISOString(),
    updatedAt: w.updatedAt.toISOString(),
  };
}

/** The audited view of a workspace's editable state. */
export function workspaceAuditView(w: Pick<WorkspaceRow, "name" | "restrictToVerifiedDomains" | "autoJoinVerifiedDomains"> & { auditRetentionDays?: number | null }) {
  return { name: w.name, restrictToVerifiedDomains: w.restrictToVerifiedDomains, autoJoinVerifiedDomains: w.autoJoinVerifiedDomains, auditRetentionDays: w.auditRetentionDays };
}
