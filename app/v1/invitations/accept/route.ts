import { parseJson } from "@/lib/api/body";
import { withUser } from "@/lib/api/with-auth";
import { acceptInvitation } from "@/lib/invitations/accept-invitation";
import { acceptInvitationBody } from "@/lib/schemas/invitations";

// POST /v1/invitations/accept — the signed-in invitee accepts with the token from the link
export const POST = withUser(async (ctx) => {
  const { token } = await parseJson(ctx.req, acceptInvitationBody);
  return acceptInvitation(ctx, token);
});
