import type { ProjectRole } from "@/lib/core/scope";
import type { ProjectDto } from "@/lib/schemas/projects";

type ProjectRow = { id: string; slug: string; name: string; isDefault: boolean; createdAt: Date; updatedAt: Date };

export function presentProject(p: ProjectRow, role: ProjectRole): ProjectDto {
  return {
    id: p.id,
    slug: p.slug,
    name: p.name,
    isDefault: p.isDefault,
    role,
    createdAt: p.createdAt.toISOString(),
    updatedAt: p.updatedAt.toISOString(),
  };
}

export const projectSelect = { id: true, slug: true, name: true, isDefault: true, createdAt: true, updatedAt: true } as const;
