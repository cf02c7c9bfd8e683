import "server-only";
import { notFound } from "next/navigation";
import { cache } from "react";
import { resolveProject, tenantScope } from "@/lib/access/tenancy";
import { getProject } from "@/lib/projects/get-project";
import { rememberLastProject } from "@/lib/projects/last-project";
import { loadWorkspace } from "./load-workspace";
import { orNotFound } from "./or-not-found";

/** A project of the URL's workspace that the viewer can see; otherwise 404, as in the API. */
export const loadProject = cache(async (workspaceSlug: string, projectSlug: string) => {
  const ctx = await loadWorkspace(workspaceSlug);
  const access = await orNotFound(resolveProject({ type: "session", userId: ctx.user.id }, ctx.scope, projectSlug));
  // The console addresses projects by slug only (the API also takes an id).
  if (access.project.slug !== projectSlug) notFound();
  const scope = tenantScope(ctx.scope, access);
  // Opening a project's page makes it the user's current project in this workspace (top bar,
  // sidebar redirects), on every device.
  const [project] = await Promise.all([getProject(scope), rememberLastProject(ctx.user.id, ctx.workspace.id, access.project.id)]);
  return { ...ctx, scope, project };
});
