import type { ProjectRole } from "@/lib/core/scope";
import type { ProjectDto } from "@/lib/schemas/projects";

type ProjectRow = { id: string; slug: string; name: string; isDefault: boolean; defaultRunBudget: bigint | null; createdAt: Date; updatedAt: Date };

export function presentProject(p: ProjectRow, role: ProjectRole): ProjectDto {
  return {
    id: p.id,
    slug: p.slug,
    name: p.name,
    isDefault: p.isDefault,
    defaultRunBudget: p.defaultRunBudget === null ? null : Number(p.defaultRunBudget),
    role,
    createdAt: p.createdAt.toISOString(),
    updatedAt: p.updatedAt.toISOString(),
  };
}

export const projectSelect = { id: true, slug: true, name: true, isDefault: true, defaultRunBudget: true, createdAt: true, updatedAt: true } as const;
