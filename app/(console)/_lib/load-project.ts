import "server-only";
import { notFound } from "next/navigation";
import { cache } from "react";
import { effectiveProjectRole } from "@/lib/authz/permissions";
import { db } from "@/lib/db/client";
import { presentProject, projectSelect } from "@/lib/projects/present";
import { loadWorkspace } from "./load-workspace";

/** A project of the URL's workspace that the viewer can see; otherwise 404, as in the API. */
export const loadProject = cache(async (workspaceSlug: string, projectSlug: string) => {
  const ctx = await loadWorkspace(workspaceSlug);
  const row = await db.project.findFirst({
    where: { workspaceId: ctx.workspace.id, slug: projectSlug },
    select: { ...projectSelect, members: { where: { userId: ctx.user.id }, select: { role: true } } },
  });
  const role = row ? effectiveProjectRole(ctx.workspace.role, row.members[0]?.role ?? null) : null;
  if (!row || !role) notFound();
  return { ...ctx, project: presentProject(row, role) };
});
