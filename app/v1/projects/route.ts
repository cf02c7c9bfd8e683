import { routeOf } from "@/lib/operations/route";
import { createProject, listProjects } from "@/lib/operations/projects";

// GET /v1/projects — the projects the caller can see, with their role in each
export const GET = routeOf(listProjects);

// POST /v1/projects — create a project
export const POST = routeOf(createProject);
