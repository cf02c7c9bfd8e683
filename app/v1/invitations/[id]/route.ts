import { json, withWorkspace } from "@/lib/api/with-auth";
import { revokeInvitation } from "@/lib/invitations/revoke-invitation";

// DELETE /v1/invitations/{id} — revoke an invitation
export const DELETE = withWorkspace(
  async (ctx) => {
    await revokeInvitation(ctx, ctx.params.id);
    return json(null, 204);
  },
  { action: "member.invite" },
);
