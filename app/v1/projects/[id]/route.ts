import { parseJson } from "@/lib/api/body";
import { json, withProject } from "@/lib/api/with-auth";
import { deleteProject } from "@/lib/projects/delete-project";
import { getProject } from "@/lib/projects/get-project";
import { updateProject } from "@/lib/projects/update-project";
import { updateProjectBody } from "@/lib/schemas/projects";

// GET /v1/projects/{id} — one project (by id or slug) with the caller's role
export const GET = withProject(async (ctx) => getProject(ctx), { action: "project.read", projectParam: "id" });

// PATCH /v1/projects/{id} — rename a project
export const PATCH = withProject(async (ctx) => updateProject(ctx, await parseJson(ctx.req, updateProjectBody)), {
  action: "project.update",
  projectParam: "id",
});

// DELETE /v1/projects/{id} — delete a project and everything in it (not the default project)
export const DELETE = withProject(
  async (ctx) => {
    await deleteProject(ctx);
    return json(null, 204);
  },
  { action: "project.delete", projectParam: "id" },
);
