import { z } from "zod";
import { PROJECT_ROLES } from "@/lib/core/scope";

const projectSlug = z
  .string()
  .trim()
  .toLowerCase()
  .min(2, "Must be at least 2 characters")
  .max(48, "Must be at most 48 characters")
  // No underscore, so a slug can never look like a project id (`prj_…`): both are accepted as {id}.
  .regex(/^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/, "Use lower-case letters, digits and hyphens (not at the start or end)");

const projectName = z.string().trim().min(1, "Required").max(100, "Must be at most 100 characters");

export const createProjectBody = z.strictObject({ slug: projectSlug, name: projectName });
export type CreateProjectInput = z.infer<typeof createProjectBody>;

/** $1M in usd_micros, as for a run's own budget. */
export const MAX_RUN_BUDGET = 1_000_000_000_000;

// Slugs are what clients send in X-Project-Id, so they stay fixed; the name is editable.
export const updateProjectBody = z
  .strictObject({
    name: projectName.optional(),
    defaultRunBudget: z
      .int("Must be a whole number of usd_micros")
      .min(1, "Must be at least 1")
      .max(MAX_RUN_BUDGET, `Must be at most ${MAX_RUN_BUDGET}`)
      .nullable()
      .optional()
      .describe("Budget ceiling in usd_micros of a run that names none; null: the platform default"),
  })
  .refine((b) => Object.values(b).some((v) => v !== undefined), { message: "Nothing to update" });
export type UpdateProjectInput = z.infer<typeof updateProjectBody>;

export const projectResponse = z.object({
  id: z.string(),
  slug: z.string(),
  name: z.string(),
  isDefault: z.boolean(),
  /** Budget ceiling in usd_micros of a run that names none; null: the platform default. */
  defaultRunBudget: z.int().nullable(),
  /** The caller's effective role in the project. */
  role: z.enum(PROJECT_ROLES),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
});
export type ProjectDto = z.infer<typeof projectResponse>;

export const setProjectMemberBody = z.strictObject({
  role: z.enum(PROJECT_ROLES, { error: `role must be one of ${PROJECT_ROLES.join(", ")}` }),
});

export const projectMemberResponse = z.object({
  userId: z.string(),
  email: z.string(),
  name: z.string().nullable(),
  role: z.enum(PROJECT_ROLES),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
});
export type ProjectMemberDto = z.infer<typeof projectMemberResponse>;

/** A project as the console's scope switcher lists it, under its workspace. */
export type SwitcherProject = Pick<ProjectDto, "id" | "slug" | "name" | "isDefault">;
