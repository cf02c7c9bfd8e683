import { db } from "@/lib/db/client";
import { newId } from "@/lib/core/ids";
import { recordAudit } from "@/lib/audit/record";
import { ApiError } from "@/lib/core/errors";
import type { CreateProjectInput, ProjectDto } from "@/lib/schemas/projects";
import type { WorkspaceScope } from "@/lib/core/scope";
import { presentProject } from "./present";

const slugTaken = () =>
  new ApiError("conflict", "A project with this slug already exists in the workspace", { details: [{ path: "slug", message: "Already taken" }] });

/** A new project in the caller's workspace (callers hold project.create: owners and tenant admins). */
export async function createProject(scope: WorkspaceScope, input: CreateProjectInput): Promise<ProjectDto> {
  const workspaceId = scope.workspace.id;
  if (await db.project.findFirst({ where: { workspaceId, slug: input.slug }, select: { id: true } })) throw slugTaken();
  try {
    return await db.$transaction(async (tx) => {
      const project = await tx.project.create({ data: { id: newId("project"), workspaceId, slug: input.slug, name: input.name } });
      await recordAudit(
        {
          workspaceId,
          projectId: project.id,
          actor: scope.actor,
          action: "project.create",
          target: { type: "project", id: project.id },
          after: { slug: project.slug, name: project.name, isDefault: false },
          request: scope.meta ?? null,
        },
        tx,
      );
      return presentProject(project, "project_admin");
    });
  } catch (err) {
    if ((err as { code?: string }).code === "P2002") throw slugTaken();
    throw err;
  }
}
