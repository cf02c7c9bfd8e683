import { routeOf } from "@/lib/operations/route";
import { projects } from "@/lib/operations/projects";

// GET /v1/projects — the projects the caller can see, with their role in each
export const GET = routeOf(projects.listProjects);

// POST /v1/projects — create a project
export const POST = routeOf(projects.createProject);
