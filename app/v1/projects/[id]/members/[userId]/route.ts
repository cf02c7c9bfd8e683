import { parseJson } from "@/lib/api/body";
import { json, withProject } from "@/lib/api/with-auth";
import { removeProjectMember, setProjectMember } from "@/lib/projects/project-members";
import { setProjectMemberBody } from "@/lib/schemas/projects";

// PUT /v1/projects/{id}/members/{userId} — grant or change a member's project role
export const PUT = withProject(
  async (ctx) => {
    const { role } = await parseJson(ctx.req, setProjectMemberBody);
    return setProjectMember(ctx, ctx.params.userId, role);
  },
  { action: "project_member.manage", projectParam: "id" },
);

// DELETE /v1/projects/{id}/members/{userId} — revoke a member's project role
export const DELETE = withProject(
  async (ctx) => {
    await removeProjectMember(ctx, ctx.params.userId);
    return json(null, 204);
  },
  { action: "project_member.manage", projectParam: "id" },
);
