import "server-only";
import { notFound, redirect } from "next/navigation";
import type { ProjectDto } from "@/lib/schemas/projects";
import { listVisibleProjects, viewerOf } from "@/lib/projects/list-visible";
import { loadWorkspace } from "./load-workspace";

type Can = Awaited<ReturnType<typeof loadWorkspace>>["can"];

/**
 * Workspace-level sidebar entries whose pages belong to projects land on a project's page:
 * the first visible project `prefer` accepts (default project first), else the default
 * project, else the first visible one; 404 when the viewer sees no project.
 */
export async function redirectToProjectPage(slug: string, page: string, prefer?: (project: ProjectDto, can: Can) => boolean): Promise<never> {
  const { workspace, scope, can } = await loadWorkspace(slug);
  const projects = (await listVisibleProjects(viewerOf(scope), { limit: 200 })).data;
  const ordered = [...projects.filter((p) => p.isDefault), ...projects.filter((p) => !p.isDefault)];
  const target = (prefer ? ordered.find((p) => prefer(p, can)) : undefined) ?? ordered[0];
  if (!target) notFound();
  redirect(`/w/${workspace.slug}/projects/${target.slug}/${page}`);
}
