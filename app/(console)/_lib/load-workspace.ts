import "server-only";
import { cache } from "react";
import { consoleCaller } from "@/lib/access/principal";
import { resolveWorkspace, workspaceScope } from "@/lib/access/tenancy";
import { requireUser } from "@/lib/auth/current-user";
import { can, type Action } from "@/lib/authz/permissions";
import { type ProjectRole } from "@/lib/core/scope";
import { getCurrentWorkspace } from "@/lib/workspaces/get-workspace";
import { orNotFound } from "./or-not-found";

/**
 * The signed-in user and the workspace named in the URL, once per request (layout and page
 * share it), resolved by the same lib/access functions as the API: not a member, or no such
 * workspace, is the same 404.
 */
export const loadWorkspace = cache(async (slug: string) => {
  const user = await requireUser(`/w/${slug}`);
  const access = await orNotFound(resolveWorkspace({ type: "session", userId: user.id }, slug));
  const scope = workspaceScope(consoleCaller(user.id), access);
  const workspace = await getCurrentWorkspace(scope);
  const allowed = (action: Action, projectRole?: ProjectRole | null) => can({ workspaceRole: workspace.role, projectRole }, action);
  return { user, workspace, scope, can: allowed };
});

export type WorkspacePageProps = { params: Promise<{ workspace: string }> };
