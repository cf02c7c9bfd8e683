import { parseJson } from "@/lib/api/body";
import { json, withWorkspace } from "@/lib/api/with-auth";
import { removeMember } from "@/lib/members/remove-member";
import { updateMemberRole } from "@/lib/members/update-member-role";
import { updateMemberBody } from "@/lib/schemas/members";

// PATCH /v1/members/{userId} — change a member's workspace role
export const PATCH = withWorkspace(
  async (ctx) => {
    const { role } = await parseJson(ctx.req, updateMemberBody);
    return updateMemberRole(ctx, ctx.params.userId, role);
  },
  { action: "member.update" },
);

// DELETE /v1/members/{userId} — remove a member (their project roles go, their tokens are revoked)
export const DELETE = withWorkspace(
  async (ctx) => {
    await removeMember(ctx, ctx.params.userId);
    return json(null, 204);
  },
  { action: "member.remove" },
);
