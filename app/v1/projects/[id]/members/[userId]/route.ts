import { routeOf } from "@/lib/operations/route";
import { projects } from "@/lib/operations/projects";

// PUT /v1/projects/{id}/members/{userId} — grant or change a member's project role
export const PUT = routeOf(projects.setProjectMember);

// DELETE /v1/projects/{id}/members/{userId} — revoke a member's project role
export const DELETE = routeOf(projects.removeProjectMember);
