import { routeOf } from "@/lib/operations/route";
import { projects } from "@/lib/operations/projects";

// GET /v1/projects/{id} — one project (by id or slug) with the caller's role
export const GET = routeOf(projects.getProject);

// PATCH /v1/projects/{id} — rename a project
export const PATCH = routeOf(projects.updateProject);

// DELETE /v1/projects/{id} — delete a project and everything in it (not the default project)
export const DELETE = routeOf(projects.deleteProject);
