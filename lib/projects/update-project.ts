import { db } from "@/lib/db/client";
import { recordAudit } from "@/lib/audit/record";
import type { ProjectDto, UpdateProjectInput } from "@/lib/schemas/projects";
import { presentProject } from "./present";
import type { TenantScope } from "@/lib/core/scope";

export async function updateProject(scope: TenantScope, input: UpdateProjectInput): Promise<ProjectDto> {
  return db.$transaction(async (tx) => {
    const where = { workspaceId_id: { workspaceId: scope.workspace.id, id: scope.project.id } };
    const before = await tx.project.findUniqueOrThrow({ where });
    const after = await tx.project.update({
      where,
      data: {
        ...(input.name !== undefined ? { name: input.name } : {}),
        ...(input.defaultRunBudget !== undefined ? { defaultRunBudget: input.defaultRunBudget === null ? null : BigInt(input.defaultRunBudget) } : {}),
      },
    });
    const view = (p: typeof before) => ({ name: p.name, defaultRunBudget: p.defaultRunBudget === null ? null : p.defaultRunBudget.toString() });
    await recordAudit(
      {
        workspaceId: scope.workspace.id,
        projectId: after.id,
        actor: scope.actor,
        action: "project.update",
        target: { type: "project", id: after.id },
        before: view(before),
        after: view(after),
        request: scope.meta ?? null,
      },
      tx,
    );
    return presentProject(after, scope.projectRole);
  });
}
