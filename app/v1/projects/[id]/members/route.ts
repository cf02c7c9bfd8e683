import { parseQuery } from "@/lib/api/body";
import { pageQuery } from "@/lib/api/pagination";
import { withProject } from "@/lib/api/with-auth";
import { listProjectMembers } from "@/lib/projects/project-members";

// GET /v1/projects/{id}/members — explicit project roles (owners and tenant admins are implicit admins)
export const GET = withProject(async (ctx) => listProjectMembers(ctx.project.id, parseQuery(ctx.req, pageQuery)), {
  action: "project.read",
  projectParam: "id",
});
