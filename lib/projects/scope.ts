import type { ProjectRole } from "@/lib/core/scope";
import type { WorkspaceScope } from "@/lib/workspaces/scope";

/** A workspace scope narrowed to one project the caller can see, with their effective role. */
export type ProjectScope = WorkspaceScope & {
  project: { id: string; slug: string; name: string; isDefault: boolean };
  projectRole: ProjectRole;
};
