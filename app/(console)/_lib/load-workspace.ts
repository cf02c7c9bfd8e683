import "server-only";
import { notFound } from "next/navigation";
import { cache } from "react";
import { requireUser } from "@/lib/auth/current-user";
import { can, type Action, type ProjectRole } from "@/lib/authz/permissions";
import { getWorkspaceForUser } from "@/lib/workspaces/list-for-user";
import { consoleCaller, type WorkspaceScope } from "@/lib/workspaces/scope";

/**
 * The signed-in user and the workspace named in the URL, once per request (layout and page
 * share it). Not a member, or no such workspace: the same 404, as in the API.
 */
export const loadWorkspace = cache(async (slug: string) => {
  const user = await requireUser(`/w/${slug}`);
  const workspace = await getWorkspaceForUser(user.id, slug);
  if (!workspace) notFound();
  const scope: WorkspaceScope = {
    ...consoleCaller(user.id),
    workspace: { id: workspace.id, slug: workspace.slug, name: workspace.name },
    workspaceRole: workspace.role,
  };
  const allowed = (action: Action, projectRole?: ProjectRole | null) => can({ workspaceRole: workspace.role, projectRole }, action);
  return { user, workspace, scope, can: allowed };
});

export type WorkspacePageProps = { params: Promise<{ workspace: string }> };
