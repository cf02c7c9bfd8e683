import { db } from "@/lib/db/client";
import type { ProjectDto } from "@/lib/schemas/projects";
import { presentProject } from "./present";
import type { TenantScope } from "@/lib/core/scope";

/** The project the route resolved (tenancy and visibility already checked), with the caller's role. */
export async function getProject(scope: Pick<TenantScope, "workspace" | "project" | "projectRole">): Promise<ProjectDto> {
  const row = await db.project.findFirstOrThrow({ where: { id: scope.project.id, workspaceId: scope.workspace.id } });
  return presentProject(row, scope.projectRole);
}
