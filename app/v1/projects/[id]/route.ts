import { routeOf } from "@/lib/operations/route";
import { deleteProject, getProject, updateProject } from "@/lib/operations/projects";

// GET /v1/projects/{id} — one project (by id or slug) with the caller's role
export const GET = routeOf(getProject);

// PATCH /v1/projects/{id} — rename a project
export const PATCH = routeOf(updateProject);

// DELETE /v1/projects/{id} — delete a project and everything in it (not the default project)
export const DELETE = routeOf(deleteProject);
