import type { WorkspaceRole } from "@/lib/core/scope";
import type { WorkspaceDto } from "@/lib/schemas/workspaces";

type WorkspaceRow = {
  id: string;
  slug: string;
  name: string;
  restrictToVerifiedDomains: boolean;
  autoJoinVerifiedDomains: boolean;
  maxConcurrentRuns: number;
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
    createdAt: w.createdAt.toISOString(),
    updatedAt: w.updatedAt.toISOString(),
  };
}

/** The audited view of a workspace's editable state. */
export function workspaceAuditView(w: Pick<WorkspaceRow, "name" | "restrictToVerifiedDomains" | "autoJoinVerifiedDomains">) {
  return { name: w.name, restrictToVerifiedDomains: w.restrictToVerifiedDomains, autoJoinVerifiedDomains: w.autoJoinVerifiedDomains };
}
