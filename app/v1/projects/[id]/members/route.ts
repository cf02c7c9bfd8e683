import { routeOf } from "@/lib/operations/route";
import { projects } from "@/lib/operations/projects";

// GET /v1/projects/{id}/members — explicit project roles (owners and tenant admins are implicit admins)
export const GET = routeOf(projects.listProjectMembers);
