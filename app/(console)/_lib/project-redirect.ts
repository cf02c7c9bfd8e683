import "server-only";
import { notFound, redirect } from "next/navigation";
import type { ProjectDto } from "@/lib/schemas/projects";
import { lastProjectIdOf } from "@/lib/projects/last-project";
import { listVisibleProjects, viewerOf } from "@/lib/projects/list-visible";
import { loadWorkspace } from "./load-workspace";

type Can = Awaited<ReturnType<typeof loadWorkspace>>["can"];

/**
 * Workspace-level sidebar entries whose pages belong to projects land on a project's page:
 * the first visible project `prefer` accepts (the one the user last worked in first, then the
 * default project), else that same order's first; 404 when the viewer sees no project.
 */
export async function redirectToProjectPage(slug: string, page: string, prefer?: (project: ProjectDto, can: Can) => boolean): Promise<never> {
  const { user, workspace, scope, can } = await loadWorkspace(slug);
  const [projects, lastId] = await Promise.all([listVisibleProjects(viewerOf(scope), { limit: 200 }).then((r) => r.data), lastProjectIdOf(user.id, workspace.id)]);
  const rank = (p: ProjectDto) => (p.id === lastId ? 0 : p.isDefault ? 1 : 2);
  const ordered = [...projects].sort((a, b) => rank(a) - rank(b));
  const target = (prefer ? ordered.find((p) => prefer(p, can)) : undefined) ?? ordered[0];
  if (!target) notFound();
  redirect(`/w/${workspace.slug}/projects/${target.slug}/${page}`);
}
