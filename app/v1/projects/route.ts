import { parseJson, parseQuery } from "@/lib/api/body";
import { pageQuery } from "@/lib/api/pagination";
import { json, withWorkspace } from "@/lib/api/with-auth";
import { createProject } from "@/lib/projects/create-project";
import { listVisibleProjects, viewerOf } from "@/lib/projects/list-visible";
import { createProjectBody } from "@/lib/schemas/projects";

// GET /v1/projects — the projects the caller can see, with their role in each
export const GET = withWorkspace(async (ctx) => listVisibleProjects(viewerOf(ctx), parseQuery(ctx.req, pageQuery)), { action: "workspace.read" });

// POST /v1/projects — create a project
export const POST = withWorkspace(async (ctx) => json(await createProject(ctx, await parseJson(ctx.req, createProjectBody)), 201), {
  action: "project.create",
});
